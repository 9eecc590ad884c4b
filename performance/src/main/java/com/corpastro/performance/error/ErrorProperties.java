package com.corpastro.performance.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the problem+json error responses, under {@code corp-astro.error}.
 */
@ConfigurationProperties("corp-astro.error")
public class ErrorProperties {

    /** Prefix of every problem type URI; the error code is appended to it. */
    private String typeBase = "urn:corp-astro:problem:";

    /** Whether every request gets an X-Request-Id (echoed or generated), logged and put in problem bodies. */
    private boolean requestIdEnabled = true;

    /**
     * Largest accepted request body (multipart excluded) of a route no body limit names; larger bodies
     * get 413 payload_too_large, from their Content-Length before anything is read, else as they are read.
     */
    private DataSize maxRequestBodySize = DataSize.ofKilobytes(64);

    /**
     * Routes that accept a body of another size than max-request-body-size, by a name of your choice:
     * body-limits.import.patterns=POST /api/admin/businesses/import, body-limits.import.max-size=32MB.
     * The first limit (in declaration order) whose pattern matches wins.
     */
    private Map<String, BodyLimit> bodyLimits = new LinkedHashMap<>();

    /**
     * Whether the application's JsonMapper refuses JSON documents longer than the largest body limit and
     * strings longer than max-json-string-length (Jackson StreamReadConstraints).
     */
    private boolean jsonReadLimitsEnabled = true;

    /** Longest string value or property name (in characters) the application's JsonMapper reads. */
    private int maxJsonStringLength = 1_000_000;

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

    public Map<String, BodyLimit> getBodyLimits() {
        return bodyLimits;
    }

    public void setBodyLimits(Map<String, BodyLimit> bodyLimits) {
        this.bodyLimits = bodyLimits;
    }

    /** The largest body any route accepts: max-request-body-size or a larger body limit. */
    public long largestBodySize() {
        long largest = maxRequestBodySize.toBytes();
        for (BodyLimit limit : bodyLimits.values()) {
            if (limit.getMaxSize() != null) {
                largest = Math.max(largest, limit.getMaxSize().toBytes());
            }
        }
        return largest;
    }

    public boolean isJsonReadLimitsEnabled() {
        return jsonReadLimitsEnabled;
    }

    public void setJsonReadLimitsEnabled(boolean jsonReadLimitsEnabled) {
        this.jsonReadLimitsEnabled = jsonReadLimitsEnabled;
    }

    public int getMaxJsonStringLength() {
        return maxJsonStringLength;
    }

    public void setMaxJsonStringLength(int maxJsonStringLength) {
        if (maxJsonStringLength <= 0) {
            throw new IllegalArgumentException("max-json-string-length must be > 0, was " + maxJsonStringLength);
        }
        this.maxJsonStringLength = maxJsonStringLength;
    }

    public boolean isErrorControllerEnabled() {
        return errorControllerEnabled;
    }

    public void setErrorControllerEnabled(boolean errorControllerEnabled) {
        this.errorControllerEnabled = errorControllerEnabled;
    }

    /** The body limit of some routes. */
    public static class BodyLimit {

        /** Routes "[METHOD ]/path/pattern" in Spring PathPattern syntax, e.g. "POST /api/admin/businesses/import". */
        private List<String> patterns = new ArrayList<>();

        /** Largest accepted request body of these routes. */
        private DataSize maxSize;

        public List<String> getPatterns() {
            return patterns;
        }

        public void setPatterns(List<String> patterns) {
            this.patterns = patterns;
        }

        public DataSize getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(DataSize maxSize) {
            if (maxSize == null || maxSize.toBytes() <= 0) {
                throw new IllegalArgumentException("max-size must be > 0, was " + maxSize);
            }
            this.maxSize = maxSize;
        }
    }
}
