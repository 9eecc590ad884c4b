package com.corpastro.performance.http;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.autoconfigure.FilterOrder;
import com.corpastro.performance.error.ErrorProperties;
import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;
import com.corpastro.performance.error.ProblemDetailsHandler;

/**
 * The {@link RequestBodyLimitFilter} in servlet applications: 413 problem+json
 * {@code payload_too_large} for a body over {@code corp-astro.error.max-request-body-size}, or over
 * the limit of its route in {@code corp-astro.error.body-limits}. Backs off when the application
 * registers its own filter of that name.
 */
@AutoConfiguration(after = ProblemDetailsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(ErrorProperties.class)
public class RequestBodyLimitAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "corpAstroRequestBodyLimitFilter")
    FilterRegistrationBean<RequestBodyLimitFilter> corpAstroRequestBodyLimitFilter(ErrorProperties properties,
            ObjectProvider<ProblemDetailsHandler> problems) {
        List<RequestBodyLimitFilter.Route> routes = new ArrayList<>();
        properties.getBodyLimits().forEach((name, limit) -> {
            if (limit.getMaxSize() == null) {
                throw new IllegalArgumentException("corp-astro.error.body-limits." + name
                        + ".max-size must be set, was null");
            }
            routes.add(new RequestBodyLimitFilter.Route(limit.getPatterns(), limit.getMaxSize().toBytes()));
        });
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.getMaxRequestBodySize().toBytes(), routes, problems.getIfAvailable(
                        () -> new ProblemDetailsHandler(properties.getTypeBase()))));
        registration.setOrder(FilterOrder.BODY_LIMIT);
        return registration;
    }
}
