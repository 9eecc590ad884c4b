package com.corpastro.performance.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TypeRef;

/**
 * Caches query results in the application {@link CacheManager} under a key made of the query's
 * fingerprint and its parameters, so the same query with the same parameters is answered from the
 * cache:
 *
 * <pre>{@code
 * static final TypeRef<List<Business>> BUSINESSES = new TypeRef<>() {};
 * List<Business> nearby = resultCache.getOrLoad(SQL, List.of(lat, lon), BUSINESSES, Duration.ofMinutes(1),
 *         List.of(EntityTag.of("business-list", "all")), () -> jdbc.query(SQL, mapper, lat, lon));
 * }</pre>
 *
 * <p>Keys look like {@code db:query:<fingerprint hash>:<statement and parameters hash>}: the first
 * part groups entries of one statement shape, the second tells apart the literals and parameter
 * values (so statements that differ only in their literals never share an entry).
 */
public final class QueryResultCache {

    private final CacheManager cache;

    public QueryResultCache(CacheManager cache) {
        if (cache == null) {
            throw new IllegalArgumentException("cache must not be null");
        }
        this.cache = cache;
    }

    /** The cache key of {@code sql} run with {@code parameters}. */
    public String key(String sql, List<?> parameters) {
        StringBuilder exact = new StringBuilder(sql.strip());
        for (Object parameter : parameters) {
            exact.append('\u0000').append(parameter == null ? "null" : parameter.getClass().getName() + ":" + parameter);
        }
        return "db:query:" + sha256(QueryAnalyzer.fingerprint(sql)).substring(0, 12) + ":" + sha256(exact.toString()).substring(0, 32);
    }

    /** The cached result of {@code sql} with {@code parameters}, or {@code loader}'s, cached for {@code ttl}. */
    public <T> T getOrLoad(String sql, List<?> parameters, Class<T> type, Duration ttl, Supplier<? extends T> loader) {
        return getOrLoad(sql, parameters, type, ttl, List.of(), loader);
    }

    /** As {@link #getOrLoad(String, List, Class, Duration, Supplier)}, dropped when any of {@code tags} is invalidated. */
    public <T> T getOrLoad(String sql, List<?> parameters, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        return cache.getOrSet(key(sql, parameters), type, ttl, tags, loader);
    }

    /**
     * As {@link #getOrLoad(String, List, Class, Duration, Collection, Supplier)} for a generic result: read
     * back from Redis as {@code type} ({@code List<Business>}, not a list of maps); a cached result that
     * cannot be is a miss.
     */
    public <T> T getOrLoad(String sql, List<?> parameters, TypeRef<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        return cache.getOrSet(key(sql, parameters), type, ttl, tags, loader);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
