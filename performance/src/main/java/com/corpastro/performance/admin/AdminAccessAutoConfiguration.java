package com.corpastro.performance.admin;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Provides {@link AdminAccess} by {@code corp-astro.admin.token} unless the application has its own.
 */
@AutoConfiguration
@ConditionalOnClass(HttpServletRequest.class)
@EnableConfigurationProperties(AdminProperties.class)
public class AdminAccessAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AdminAccess.class)
    AdminAccess tokenAdminAccess(AdminProperties properties) {
        return new TokenAdminAccess(properties.getToken());
    }
}
