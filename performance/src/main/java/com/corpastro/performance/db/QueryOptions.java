package com.corpastro.performance.db;

import java.time.Duration;

/**
 * Options of {@link DatabaseOptimizer#executeQuery(DbCallback, QueryOptions)}. Start from
 * {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * QueryOptions.defaults().withRetries(3).withTimeout(Duration.ofSeconds(2))
 *         .cached("active-businesses", Duration.ofMinutes(5));
 * }</pre>
 *
 * @param retries  how many times a transient failure is retried; {@code null} for the configured
 *                 default ({@code corp-astro.db.retry.max-retries})
 * @param timeout  the deadline of the whole call, retries included, also enforced on the server;
 *                 {@code null} for the configured default ({@code corp-astro.db.query-timeout})
 * @param cacheKey when not {@code null}, the result is cached under this key in the application
 *                 cache and later calls are served from it
 * @param cacheTtl how long a cached result lives; required with {@code cacheKey}
 */
public record QueryOptions(Integer retries, Duration timeout, String cacheKey, Duration cacheTtl) {

    private static final QueryOptions DEFAULTS = new QueryOptions(null, null, null, null);

    public QueryOptions {
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, was " + retries);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        if (cacheKey != null && cacheKey.isBlank()) {
            throw new IllegalArgumentException("cacheKey must not be blank, was '" + cacheKey + "'");
        }
        if (cacheKey != null && (cacheTtl == null || cacheTtl.isNegative() || cacheTtl.isZero())) {
            throw new IllegalArgumentException("cacheTtl must be > 0 with a cacheKey, was " + cacheTtl);
        }
    }

    /** The configured retries and timeout, no caching. */
    public static QueryOptions defaults() {
        return DEFAULTS;
    }

    public QueryOptions withRetries(int retries) {
        return new QueryOptions(retries, timeout, cacheKey, cacheTtl);
    }

    public QueryOptions withTimeout(Duration timeout) {
        return new QueryOptions(retries, timeout, cacheKey, cacheTtl);
    }

    /** Caches the result under {@code key} for {@code ttl}. */
    public QueryOptions cached(String key, Duration ttl) {
        return new QueryOptions(retries, timeout, key, ttl);
    }
}
