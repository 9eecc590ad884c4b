package com.corpastro.performance.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the problem+json error responses, under {@code corp-astro.error}.
 */
@ConfigurationProperties("corp-astro.error")
public class ErrorProperties {

    /** Prefix of every problem {@code type} URI; the error code is appended to it. */
    private String typeBase = "urn:corp-astro:problem:";

    /** Whether every request gets an X-Request-Id (echoed or generated), logged and put in problem bodies. */
    private boolean requestIdEnabled = true;

    /** Largest accepted request body (multipart excluded); larger bodies get 413 payload_too_large. */
    private DataSize maxRequestBodySize = DataSize.ofMegabytes(1);

    /** Whether /error renders problem+json instead of Spring Boot's whitelabel page or JSON. */
    private boolean errorControllerEnabled = true;

    public String getTypeBase() {
        return typeBase;
    }

    public void setTypeBase(String typeBase) {
        this.typeBase = typeBase;
    }

    public boolean isRequestIdEnabled() {
        return requestIdEnabled;
    }

    public void setRequestIdEnabled(boolean requestIdEnabled) {
        this.requestIdEnabled = requestIdEnabled;
    }

    public DataSize getMaxRequestBodySize() {
        return maxRequestBodySize;
    }

    public void setMaxRequestBodySize(DataSize maxRequestBodySize) {
        if (maxRequestBodySize == null || maxRequestBodySize.toBytes() <= 0) {
            throw new IllegalArgumentException("max-request-body-size must be > 0, was " + maxRequestBodySize);
        }
        this.maxRequestBodySize = maxRequestBodySize;
    }

    public boolean isErrorControllerEnabled() {
        return errorControllerEnabled;
    }

    public void setErrorControllerEnabled(boolean errorControllerEnabled) {
        this.errorControllerEnabled = errorControllerEnabled;
    }
}
