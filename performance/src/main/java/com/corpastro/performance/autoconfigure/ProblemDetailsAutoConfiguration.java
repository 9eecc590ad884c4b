package com.corpastro.performance.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.error.ProblemDetailsHandler;

/**
 * Registers {@link ProblemDetailsHandler} in servlet web applications, so every error leaves
 * as RFC 9457 problem+json with a stable {@code code}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(ErrorProperties.class)
public class ProblemDetailsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ProblemDetailsHandler.class)
    ProblemDetailsHandler problemDetailsHandler(ErrorProperties properties) {
        return new ProblemDetailsHandler(properties.getTypeBase());
    }
}
