package com.corpastro.performance.error;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.autoconfigure.FilterOrder;

import jakarta.servlet.DispatcherType;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registers {@link ProblemDetailsHandler} in servlet web applications, so every error leaves
 * as RFC 9457 problem+json with a stable {@code code} and the request id: the
 * {@link RequestIdFilter} ({@code X-Request-Id}), the {@link EmptyErrorResponseFilter} and the
 * {@link ProblemErrorController} that replaces Spring Boot's {@code /error} handling for errors
 * that never reach a controller, and read limits for the application's JSON mapper that match the
 * request body limits (which the HTTP layer enforces). Each backs off when the application defines
 * its own.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(ErrorProperties.class)
public class ProblemDetailsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ProblemDetailsHandler.class)
    ProblemDetailsHandler problemDetailsHandler(ErrorProperties properties) {
        return new ProblemDetailsHandler(properties.getTypeBase());
    }

    @Bean
    @ConditionalOnMissingBean(name = "corpAstroRequestIdFilter")
    @ConditionalOnProperty(prefix = "corp-astro.error", name = "request-id-enabled", matchIfMissing = true)
    FilterRegistrationBean<RequestIdFilter> corpAstroRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(FilterOrder.REQUEST_ID);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    /** Error responses a handler left without a body get problem+json too (e.g. Actuator's bare 404s). */
    @Bean
    @ConditionalOnMissingBean(name = "corpAstroEmptyErrorResponseFilter")
    FilterRegistrationBean<EmptyErrorResponseFilter> corpAstroEmptyErrorResponseFilter(ProblemDetailsHandler problems) {
        FilterRegistrationBean<EmptyErrorResponseFilter> registration = new FilterRegistrationBean<>(
                new EmptyErrorResponseFilter(problems));
        registration.setOrder(FilterOrder.EMPTY_ERROR_RESPONSE);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    @ConditionalOnProperty(prefix = "corp-astro.error", name = "error-controller-enabled", matchIfMissing = true)
    ProblemErrorController problemErrorController(ProblemDetailsHandler problems) {
        return new ProblemErrorController(problems);
    }

    /**
     * The application's {@link JsonMapper} reads no JSON document longer than the largest body any
     * route accepts and no string longer than {@code corp-astro.error.max-json-string-length}
     * (Jackson's {@link StreamReadConstraints}). Jackson 3 fixes the constraints with the mapper
     * builder's stream factory, which a {@code JsonMapperBuilderCustomizer} cannot replace; so this
     * is the builder Spring Boot would make, on a factory with the constraints, and every
     * {@code JsonMapperBuilderCustomizer} applied to it. Backs off when the application defines its
     * own {@link JsonMapper.Builder}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = { "tools.jackson.databind.json.JsonMapper",
            "org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer" })
    @ConditionalOnProperty(prefix = "corp-astro.error", name = "json-read-limits-enabled", matchIfMissing = true)
    static class JsonReadLimits {

        @Bean
        @Scope("prototype")
        @ConditionalOnMissingBean(JsonMapper.Builder.class)
        JsonMapper.Builder corpAstroJsonMapperBuilder(ErrorProperties properties,
                ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
            JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(readConstraints(properties)).build());
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder;
        }

        /** Jackson's defaults, with the document and string lengths of {@code properties}. */
        static StreamReadConstraints readConstraints(ErrorProperties properties) {
            return StreamReadConstraints.defaults().rebuild()
                    .maxDocumentLength(properties.largestBodySize())
                    .maxStringLength(properties.getMaxJsonStringLength())
                    .build();
        }
    }

    /** On Tomcat: requests rejected before the application (e.g. an encoded slash) get problem+json too. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = { "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory",
            "org.apache.catalina.valves.ErrorReportValve" })
    static class TomcatErrorReportConfiguration {

        @Bean
        org.springframework.boot.web.server.WebServerFactoryCustomizer<
                org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory> problemErrorReportValve(
                ErrorProperties properties) {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                    host.getPipeline().addValve(new ProblemErrorReportValve(properties.getTypeBase()));
                }
            });
        }
    }
}
