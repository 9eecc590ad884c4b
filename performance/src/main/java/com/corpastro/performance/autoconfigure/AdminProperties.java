package com.corpastro.performance.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admin access to the performance system's endpoints, under {@code corp-astro.admin}.
 */
@ConfigurationProperties("corp-astro.admin")
public class AdminProperties {

    /** Bearer token that grants admin access when the application defines no AdminAccess bean. */
    private String token;

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }
}
