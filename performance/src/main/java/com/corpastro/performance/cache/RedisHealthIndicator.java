package com.corpastro.performance.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code redis} health component of a {@link TieredCacheManager} with a Redis level: UP while
 * Redis answers, {@link #DEGRADED} while it does not. Without Redis every cache call still succeeds
 * from the in-process level, so a lost Redis is reported, not DOWN: a Redis shared by every node
 * must not take all of them out of a load balancer at once. {@code DEGRADED} counts in the
 * overall status only when the application lists it in
 * {@code management.endpoint.health.status.order}.
 */
final class RedisHealthIndicator implements HealthIndicator {

    /** Working, with less than it should: here, the cache runs on its in-process level only. */
    public static final Status DEGRADED = new Status("DEGRADED", "Redis unreachable, in-process cache only");

    private final TieredCacheManager cache;

    RedisHealthIndicator(TieredCacheManager cache) {
        if (!cache.hasRedis()) {
            throw new IllegalArgumentException("cache '" + cache.name() + "' has no Redis level");
        }
        this.cache = cache;
    }

    @Override
    public Health health() {
        if (cache.isRedisAvailable()) {
            return Health.up().withDetail("cache", cache.name()).withDetail("mode", "l1+l2").build();
        }
        return Health.status(DEGRADED).withDetail("cache", cache.name()).withDetail("mode", "l1-only")
                .withDetail("errors", cache.stats().l2Errors()).build();
    }
}
