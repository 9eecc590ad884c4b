package com.corpastro.performance.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.error.ProblemDetailsHandler;
import com.corpastro.performance.error.ProblemErrorReportValve;
import com.corpastro.performance.error.ProblemErrorController;
import com.corpastro.performance.error.EmptyErrorResponseFilter;
import com.corpastro.performance.error.RequestBodyLimitFilter;
import com.corpastro.performance.error.RequestIdFilter;

import jakarta.servlet.DispatcherType;

/**
 * Registers {@link ProblemDetailsHandler} in servlet web applications, so every error leaves
 * as RFC 9457 problem+json with a stable {@code code} and the request id: the
 * {@link RequestIdFilter} ({@code X-Request-Id}), the {@link RequestBodyLimitFilter} (413) and
 * the {@link ProblemErrorController} that replaces Spring Boot's {@code /error} handling for
 * errors that never reach a controller. Each backs off when the application defines its own.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
        "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(ErrorProperties.class)
public class ProblemDetailsAutoConfiguration {

    /** Order of the request id filter: first, so every later log line and error carries the id. */
    public static final int REQUEST_ID_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE;
    /** Order of the request body limit filter: after the request id and the monitor's request metrics. */
    public static final int BODY_LIMIT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

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
        registration.setOrder(REQUEST_ID_FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }

    /** Error responses a handler left without a body get problem+json too (e.g. Actuator's bare 404s). */
    @Bean
    @ConditionalOnMissingBean(name = "corpAstroEmptyErrorResponseFilter")
    FilterRegistrationBean<EmptyErrorResponseFilter> corpAstroEmptyErrorResponseFilter(ProblemDetailsHandler problems) {
        FilterRegistrationBean<EmptyErrorResponseFilter> registration = new FilterRegistrationBean<>(
                new EmptyErrorResponseFilter(problems));
        registration.setOrder(REQUEST_ID_FILTER_ORDER + 1);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(name = "corpAstroRequestBodyLimitFilter")
    FilterRegistrationBean<RequestBodyLimitFilter> corpAstroRequestBodyLimitFilter(ErrorProperties properties,
            ProblemDetailsHandler problems) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.getMaxRequestBodySize().toBytes(), problems));
        registration.setOrder(BODY_LIMIT_FILTER_ORDER);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(ErrorController.class)
    @ConditionalOnProperty(prefix = "corp-astro.error", name = "error-controller-enabled", matchIfMissing = true)
    ProblemErrorController problemErrorController(ProblemDetailsHandler problems) {
        return new ProblemErrorController(problems);
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
