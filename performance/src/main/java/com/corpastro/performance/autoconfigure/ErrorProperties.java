package com.corpastro.performance.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the problem+json error responses, under {@code corp-astro.error}.
 */
@ConfigurationProperties("corp-astro.error")
public class ErrorProperties {

    /** Prefix of every problem {@code type} URI; the error code is appended to it. */
    private String typeBase = "urn:corp-astro:problem:";

    public String getTypeBase() {
        return typeBase;
    }

    public void setTypeBase(String typeBase) {
        this.typeBase = typeBase;
    }
}
