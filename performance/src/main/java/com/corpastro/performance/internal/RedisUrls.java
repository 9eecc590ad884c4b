package com.corpastro.performance.internal;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** Which Redis a feature that may share the cache's Redis talks to. */
public final class RedisUrls {

    private RedisUrls() {
    }

    /**
     * {@code own} (the feature's property) when set, else the cache's Redis
     * ({@code corp-astro.cache.redis.url}, {@code REDIS_URL}, {@code spring.data.redis.url}), trimmed;
     * null when none is set.
     */
    public static String ownOrCaches(String own, Environment environment) {
        for (String value : new String[] {own, environment.getProperty("corp-astro.cache.redis.url"),
                environment.getProperty("REDIS_URL"), environment.getProperty("spring.data.redis.url")}) {
            if (StringUtils.hasText(value)) {
                return value.trim();
            }
        }
        return null;
    }
}
