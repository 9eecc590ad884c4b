package com.corpastro.performance.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rate limiting by endpoint type, under {@code corp-astro.http.rate-limit}; the limits themselves are the
 * endpoint types' ({@code corp-astro.http.endpoint-types.*}).
 */
@ConfigurationProperties("corp-astro.http.rate-limit")
public class RateLimitProperties {

    /** Whether requests are rate limited. */
    private boolean enabled = true;

    /**
     * Redis shared by all nodes for the buckets, e.g. redis://redis:6379; empty falls back to
     * the REDIS_URL environment variable, then spring.data.redis.url, then to in-process buckets.
     */
    private String redisUrl;

    /** Whether to use Redis when one is configured; false keeps the buckets in-process. */
    private boolean redisEnabled = true;

    /** Longest wait for Redis before the local buckets answer instead. */
    private Duration redisTimeout = Duration.ofMillis(250);

    /** How long to use the local buckets after Redis failed before trying Redis again. */
    private Duration retryInterval = Duration.ofSeconds(5);

    /** Prefix of the Redis keys of the buckets. */
    private String keyPrefix = "corp-astro:rate-limit:";

    /** Most in-process buckets held; the least recently used are dropped. */
    private long maxLocalBuckets = 100_000;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public boolean isRedisEnabled() {
        return redisEnabled;
    }

    public void setRedisEnabled(boolean redisEnabled) {
        this.redisEnabled = redisEnabled;
    }

    public Duration getRedisTimeout() {
        return redisTimeout;
    }

    public void setRedisTimeout(Duration redisTimeout) {
        this.redisTimeout = redisTimeout;
    }

    public Duration getRetryInterval() {
        return retryInterval;
    }

    public void setRetryInterval(Duration retryInterval) {
        this.retryInterval = retryInterval;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public long getMaxLocalBuckets() {
        return maxLocalBuckets;
    }

    public void setMaxLocalBuckets(long maxLocalBuckets) {
        this.maxLocalBuckets = maxLocalBuckets;
    }
}
