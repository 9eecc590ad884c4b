package com.corpastro.performance.admin;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Admin access to the performance system's endpoints, under {@code corp-astro.admin}. The token is
 * trimmed; set but shorter than {@value TokenAdminAccess#MIN_TOKEN_LENGTH} characters, it stops the
 * application at start-up with a message that names the property and the length, never the token.
 * Validated after binding rather than in the setter, because a binding failure report prints the value.
 */
@ConfigurationProperties("corp-astro.admin")
public class AdminProperties implements InitializingBean {

    /**
     * Bearer token that grants admin access (surrounding whitespace ignored); empty or unset means
     * nobody is admin by token. At least 32 characters.
     */
    private String token;

    /** The admin token without surrounding whitespace, or {@code null} when none is set. */
    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token == null || token.isBlank() ? null : token.trim();
    }

    @Override
    public void afterPropertiesSet() {
        if (token != null && token.length() < TokenAdminAccess.MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("corp-astro.admin.token (CORP_ASTRO_ADMIN_TOKEN) must be at least "
                    + TokenAdminAccess.MIN_TOKEN_LENGTH + " characters after trimming, was " + token.length()
                    + " characters; leave it empty to turn admin access by token off");
        }
    }
}
