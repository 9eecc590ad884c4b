package com.corpastro.performance.db;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import com.corpastro.performance.cache.EntityTag;

/**
 * Options of {@link DatabaseOptimizer#executeQuery(DbCallback, QueryOptions)}. Start from
 * {@link #defaults()} and change what you need:
 *
 * <pre>{@code
 * QueryOptions.defaults().withRetries(3).withTimeout(Duration.ofSeconds(2))
 *         .cached("business-list:42", Duration.ofMinutes(5), List.of(EntityTag.of("business-list", 42)));
 * }</pre>
 *
 * @param retries  how many times a transient failure is retried; {@code null} for the configured
 *                 default ({@code corp-astro.db.retry.max-retries})
 * @param timeout  the deadline of the whole call, retries included, also enforced on the server;
 *                 {@code null} for the configured default ({@code corp-astro.db.query-timeout})
 * @param cacheKey when not {@code null}, the result is cached under this key in the application
 *                 cache and later calls are served from it
 * @param cacheTtl how long a cached result lives; required with {@code cacheKey}
 * @param cacheTags the entities the result is built from: the cached result is dropped on every node
 *                 when any of them is invalidated ({@code CacheManager.invalidateEntity}); never {@code null}
 */
public record QueryOptions(Integer retries, Duration timeout, String cacheKey, Duration cacheTtl,
        List<EntityTag> cacheTags) {

    private static final QueryOptions DEFAULTS = new QueryOptions(null, null, null, null, List.of());

    public QueryOptions {
        cacheTags = cacheTags == null ? List.of() : List.copyOf(cacheTags);
        if (cacheKey == null && !cacheTags.isEmpty()) {
            throw new IllegalArgumentException("cacheTags need a cacheKey, were " + cacheTags);
        }
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
        return new QueryOptions(retries, timeout, cacheKey, cacheTtl, cacheTags);
    }

    public QueryOptions withTimeout(Duration timeout) {
        return new QueryOptions(retries, timeout, cacheKey, cacheTtl, cacheTags);
    }

    /** Caches the result under {@code key} for {@code ttl}, with no entity tags. */
    public QueryOptions cached(String key, Duration ttl) {
        return cached(key, ttl, List.of());
    }

    /** Caches the result under {@code key} for {@code ttl}; it is dropped when any of {@code tags} is invalidated. */
    public QueryOptions cached(String key, Duration ttl, Collection<EntityTag> tags) {
        return new QueryOptions(retries, timeout, key, ttl, tags == null ? null : List.copyOf(tags));
    }
}
