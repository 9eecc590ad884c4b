package com.corpastro.performance.cache;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the nodes of a {@link TieredCacheManager} in step through its Redis level: publishes this
 * node's key changes and entity invalidations, applies the other nodes', remembers what could not
 * be sent while Redis was unavailable and sends it once Redis is back (after the flush of L1 that a
 * possibly missed message calls for).
 */
final class RedisSync implements RedisTier.Events {

    private static final Logger log = LoggerFactory.getLogger(TieredCacheManager.class);

    private final TieredCacheManager cache;
    private final Entries entries;
    private final CacheCounters counters;
    private final Clock clock;
    private final RedisTier redis;
    private final Set<EntityTag> unsentInvalidations = ConcurrentHashMap.newKeySet();
    private final Set<String> unsentKeyChanges = ConcurrentHashMap.newKeySet();

    /** Connects to the Redis level the builder names, with this as the receiver of its messages. */
    RedisSync(TieredCacheManager cache, TieredCacheBuilder builder, Entries entries, CacheCounters counters) {
        this.cache = cache;
        this.entries = entries;
        this.counters = counters;
        this.clock = builder.clock;
        this.redis = new RedisTier(builder.name, builder.redisUris, builder.cluster, builder.namespace,
                builder.commandTimeout, builder.redisCircuitBreaker != null ? builder.redisCircuitBreaker
                        : RedisTier.defaultCircuitBreaker(builder.name),
                this);
    }

    /** The Redis level. */
    RedisTier tier() {
        return redis;
    }

    /** Tells the other nodes that {@code key} changed: its value ({@code encoded}) or, with {@code null}, a tombstone. */
    void publishKeyChange(String key, byte[] encoded, long ttlMillis) {
        boolean sent = encoded != null ? redis.writeAndPublish(key, encoded, ttlMillis)
                : redis.writeAndPublish(key, entries.tombstone(), entries.fenceMillis());
        if (!sent) {
            unsentKeyChanges.add(key);
        }
    }

    /** Gives {@code tag} its new {@code generation} in Redis and tells the other nodes. */
    void publishInvalidation(EntityTag tag, long generation, long ttlMillis) {
        if (!redis.invalidate(tag, generation, ttlMillis)) {
            unsentInvalidations.add(tag);
        }
    }

    @Override
    public void keyChanged(String key, long sentAtMillis) {
        cache.changeKeyLocally(key);
        received(sentAtMillis);
    }

    @Override
    public void entityInvalidated(EntityTag tag, long generation, long sentAtMillis) {
        cache.moveGeneration(tag, generation);
        received(sentAtMillis);
    }

    @Override
    public void flush(String reason) {
        cache.flush(reason);
    }

    /** Sends the invalidations and key changes that failed while Redis was unavailable. */
    @Override
    public void replayUnsent() {
        if (!unsentInvalidations.isEmpty() || !unsentKeyChanges.isEmpty()) {
            log.info("cache={} l2=replaying invalidations={} keyChanges={}", cache.name(), unsentInvalidations.size(),
                    unsentKeyChanges.size());
        }
        for (EntityTag tag : List.copyOf(unsentInvalidations)) {
            unsentInvalidations.remove(tag);
            cache.invalidate(tag);
        }
        for (String key : List.copyOf(unsentKeyChanges)) {
            unsentKeyChanges.remove(key);
            publishKeyChange(key, null, 0);
        }
    }

    private void received(long sentAtMillis) {
        counters.received.increment();
        counters.lagNanos.add(TimeUnit.MILLISECONDS.toNanos(Math.max(0, clock.millis() - sentAtMillis)));
    }
}
