package com.corpastro.backend.content;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Content storage and caching, under {@code corp-astro.content}. */
@ConfigurationProperties("corp-astro.content")
public class ContentProperties {

    /**
     * How long content stays in the database after the end of its period (or, for a period
     * already over, after it was generated).
     */
    private Duration retention = Duration.ofDays(30);

    /** Longest time a piece of content stays in the application cache. */
    private Duration cacheTtl = Duration.ofHours(1);

    /** How often expired content is deleted from the database. */
    private Duration cleanupInterval = Duration.ofHours(1);

    public Duration getRetention() {
        return retention;
    }

    public void setRetention(Duration retention) {
        requirePositive("retention", retention);
        this.retention = retention;
    }

    public Duration getCacheTtl() {
        return cacheTtl;
    }

    public void setCacheTtl(Duration cacheTtl) {
        requirePositive("cache-ttl", cacheTtl);
        this.cacheTtl = cacheTtl;
    }

    public Duration getCleanupInterval() {
        return cleanupInterval;
    }

    public void setCleanupInterval(Duration cleanupInterval) {
        requirePositive("cleanup-interval", cleanupInterval);
        this.cleanupInterval = cleanupInterval;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("corp-astro.content." + name + " must be > 0, was " + value);
        }
    }
}
