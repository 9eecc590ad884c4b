package com.corpastro.backend.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.corpastro.performance.cache.CacheManager;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Automatic persisted queries (Apollo APQ): query texts by the SHA-256 of their text, kept in the
 * application's two-level cache so that a query registered on one node runs on every node, for
 * {@code corp-astro.graphql.persisted-query-ttl} after it was last registered. Only callers with a
 * valid token register (see {@link GraphQlEndpoint}). A bounded map in this process answers first,
 * and keeps them when the cache is switched off.
 */
@Component
class PersistedQueries {

    /** The most query texts this process keeps in front of the shared cache. */
    static final int LOCAL_MAXIMUM = 10_000;

    private final CacheManager cache;
    private final GraphQlProperties properties;
    private final Cache<String, String> local;

    PersistedQueries(CacheManager cache, GraphQlProperties properties) {
        this.cache = cache;
        this.properties = properties;
        this.local = Caffeine.newBuilder().maximumSize(LOCAL_MAXIMUM)
                .expireAfterWrite(properties.getPersistedQueryTtl()).executor(Runnable::run).build();
    }

    /** The value kept in the shared cache. */
    record Stored(String query) {
    }

    /** The query registered under {@code sha256} (lower-case hex), if any node registered it. */
    Optional<String> find(String sha256) {
        String hash = sha256.toLowerCase(Locale.ROOT);
        String known = local.getIfPresent(hash);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> shared = cache.get(key(hash), Stored.class).map(Stored::query);
        shared.ifPresent(query -> local.put(hash, query));
        return shared;
    }

    /** Registers {@code query} under its hash, on every level; the caller checked the hash. */
    void register(String sha256, String query) {
        String hash = sha256.toLowerCase(Locale.ROOT);
        local.put(hash, query);
        cache.set(key(hash), new Stored(query), properties.getPersistedQueryTtl(), List.of());
    }

    /** The SHA-256 of {@code query}'s UTF-8 bytes in lower-case hex, as Apollo clients compute it. */
    static String sha256(String query) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String key(String hash) {
        return "graphql-apq:" + hash;
    }
}
