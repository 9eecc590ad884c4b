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

    /**
     * Rows deleted per statement (and transaction) by the expired-content cleanup, which repeats
     * until a batch finds fewer: no long transaction, no lock on many rows at once.
     */
    private int cleanupBatchSize = 1000;

    /**
     * Newly generated content items per user (the business's owner) and UTC day; past it, requests
     * that would generate answer 429 generation_quota_exceeded until midnight UTC, while content
     * already generated is still served. Counted in the database, so shared by every node. 0 turns
     * the quota off.
     */
    private int generationQuota = 1000;

    /**
     * How long after its cache entry expired the last good content may still be served (with
     * {@code X-Cache: STALE}) while the database or the generator fails. Kept in the application
     * cache, so cache-ttl plus this is bounded by corp-astro.cache.maximum-ttl (1 day by default).
     */
    private Duration maxStaleness = Duration.ofHours(12);

    /**
     * On PostgreSQL with one-trip statements (corp-astro.db.one-trip-statements, off with
     * corp-astro.performance.enabled=false) and the built-in generator only: a first generation counts
     * against the quota and inserts its row in one statement, after the text is written, instead of a
     * quota transaction before and an insert transaction after.
     */
    private boolean countedInsert = true;

    public boolean isCountedInsert() {
        return countedInsert;
    }

    public void setCountedInsert(boolean countedInsert) {
        this.countedInsert = countedInsert;
    }

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

    public int getCleanupBatchSize() {
        return cleanupBatchSize;
    }

    public void setCleanupBatchSize(int cleanupBatchSize) {
        if (cleanupBatchSize < 1 || cleanupBatchSize > 100_000) {
            throw new IllegalArgumentException(
                    "corp-astro.content.cleanup-batch-size must be between 1 and 100000, was " + cleanupBatchSize);
        }
        this.cleanupBatchSize = cleanupBatchSize;
    }

    public int getGenerationQuota() {
        return generationQuota;
    }

    public void setGenerationQuota(int generationQuota) {
        if (generationQuota < 0) {
            throw new IllegalArgumentException(
                    "corp-astro.content.generation-quota must be >= 0 (0 turns it off), was " + generationQuota);
        }
        this.generationQuota = generationQuota;
    }

    public Duration getMaxStaleness() {
        return maxStaleness;
    }

    public void setMaxStaleness(Duration maxStaleness) {
        if (maxStaleness == null || maxStaleness.isNegative()) {
            throw new IllegalArgumentException("corp-astro.content.max-staleness must be >= 0, was " + maxStaleness);
        }
        this.maxStaleness = maxStaleness;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("corp-astro.content." + name + " must be > 0, was " + value);
        }
    }
}
