package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The miss path of a {@link TieredCacheManager}: a value from Redis (promoted to L1), else the
 * cross-node lease on loading the key ({@code SET NX PX}) or a wait for the node that holds it,
 * else the loader, whose value goes to Redis (unless the key changed there meanwhile) and to L1
 * (unless a set, delete or flush happened since the load began).
 */
final class CacheLoads {

    private final TieredCacheManager cache;
    private final Entries entries;
    private final Generations generations;
    private final LoadFences fences;
    private final CacheCounters counters;
    /** {@code null} without a Redis level. */
    private final RedisTier redis;
    private final long leaseMillis;

    CacheLoads(TieredCacheManager cache, Entries entries, Generations generations, LoadFences fences,
            CacheCounters counters, RedisTier redis, Duration lockLease) {
        this.cache = cache;
        this.entries = entries;
        this.generations = generations;
        this.fences = fences;
        this.counters = counters;
        this.redis = redis;
        this.leaseMillis = lockLease.toMillis();
    }

    /** Seen Redis state of a key during one load: the raw bytes read (for the compare-and-set) and the lease held. */
    static final class Attempt {
        byte[] seen;
        byte[] lock;
    }

    /** The value under {@code key} of {@code type}, or the loader's, as the one load of the key on this node. */
    Object loadOnce(String key, TypeRef<?> type, Duration ttl, EntityTag[] tags, Supplier<?> loader,
            boolean cacheNotFound) {
        long keyChangeAtStart = fences.keyChanges();
        long flushAtStart = fences.flushes();
        // A load that finished between the first lookup and joining the flight left its value here.
        Object landed = cache.usableLocal(key, type);
        if (landed != null) {
            return landed;
        }
        Attempt attempt = new Attempt();
        try {
            if (redis != null && redis.available()) {
                Object value = readOrLease(key, type, keyChangeAtStart, flushAtStart, attempt);
                if (value == null && attempt.lock == null) {
                    value = leaseOrWait(key, type, keyChangeAtStart, flushAtStart, attempt);
                }
                if (value != null) {
                    counters.l2Hits.increment();
                    return value;
                }
                counters.l2Misses.increment();
            }
            counters.misses.increment();
            return load(key, type, ttl, tags, loader, cacheNotFound, keyChangeAtStart, flushAtStart, attempt);
        } finally {
            if (attempt.lock != null) {
                redis.unlock(key, attempt.lock);
            }
        }
    }

    /**
     * The first look at Redis in one round trip: the usable value, or else the lease on loading it (in
     * {@code attempt}); {@code null} without the lease when the value is there but unusable, or another node
     * holds the lease, or Redis failed: {@link #leaseOrWait} then goes on as before.
     */
    private Object readOrLease(String key, TypeRef<?> type, long keyChangeAtStart, long flushAtStart, Attempt attempt) {
        RedisTier.Lease lease = redis.getOrLease(key, leaseMillis);
        if (lease == null) {
            return null;
        }
        attempt.lock = lease.token();
        return lease.value() == null ? null : usable(key, type, keyChangeAtStart, flushAtStart, attempt, lease.value());
    }

    /** Takes the lease on loading {@code key}, or waits for the node that holds it; the value if it landed meanwhile. */
    private Object leaseOrWait(String key, TypeRef<?> type, long keyChangeAtStart, long flushAtStart, Attempt attempt) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leaseMillis);
        long pauseNanos = TimeUnit.MILLISECONDS.toNanos(1);
        boolean first = true;
        while (redis.available()) {
            if (!first) {
                LockSupport.parkNanos(pauseNanos);
                pauseNanos = Math.min(pauseNanos * 2, TimeUnit.MILLISECONDS.toNanos(20));
                Object value = readRedis(key, type, keyChangeAtStart, flushAtStart, attempt);
                if (value != null) {
                    return value;
                }
            }
            first = false;
            attempt.lock = redis.tryLock(key, leaseMillis);
            if (attempt.lock != null) {
                // The holder before us may have written the value just before letting go.
                return readRedis(key, type, keyChangeAtStart, flushAtStart, attempt);
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
        return null;
    }

    private Object load(String key, TypeRef<?> type, Duration ttl, EntityTag[] tags, Supplier<?> loader, boolean cacheNotFound,
            long keyChangeAtStart, long flushAtStart, Attempt attempt) {
        long[] recorded = generations.current(tags, false, redis);
        counters.loads.increment();
        long started = System.nanoTime();
        Object value;
        try {
            value = loader.get();
        } catch (RuntimeException | Error e) {
            counters.loadFailures.increment();
            throw e;
        } finally {
            counters.loadNanos.add(System.nanoTime() - started);
        }
        if (value == null) {
            if (!cacheNotFound) {
                return null;
            }
            value = TieredCacheManager.NOT_FOUND;
        }
        long ttlMillis = entries.ttlMillis(value, ttl);
        byte[] encoded = entries.encode(value, type, tags, recorded, ttlMillis);
        if (encoded != null && redis != null && redis.available()) {
            if (attempt.lock != null) {
                // The write and the lease's release in one round trip.
                redis.writeAndUnlock(key, attempt.seen, encoded, ttlMillis, attempt.lock);
                attempt.lock = null;
            } else {
                redis.writeIfUnchanged(key, attempt.seen, encoded, ttlMillis);
            }
        }
        cache.storeLocally(key, entries.entry(value, type, tags, recorded, ttlMillis, encoded), keyChangeAtStart,
                flushAtStart);
        return value;
    }

    /**
     * The usable value under {@code key} in Redis, promoted to L1; {@code null} when there is none.
     * {@code attempt} (if any) remembers the bytes read.
     */
    Object readRedis(String key, TypeRef<?> type, long keyChangeAtStart, long flushAtStart, Attempt attempt) {
        return usable(key, type, keyChangeAtStart, flushAtStart, attempt, redis.get(key));
    }

    /** The value of {@code raw}, read from Redis under {@code key}, if usable, promoted to L1; else {@code null}. */
    private Object usable(String key, TypeRef<?> type, long keyChangeAtStart, long flushAtStart, Attempt attempt,
            byte[] raw) {
        if (attempt != null) {
            attempt.seen = raw;
        }
        if (raw == null) {
            return null;
        }
        ValueCodec.Decoded decoded = entries.decode(raw, type);
        if (!decoded.readable()) {
            counters.l2Undecodable.increment();
            return null;
        }
        if (decoded.value() == null) {
            return null;
        }
        long remainingMillis = entries.remainingMillis(decoded);
        if (remainingMillis <= 0) {
            return null;
        }
        long[] current = generations.current(decoded.tags(), true, redis);
        if (current == null || !Arrays.equals(current, decoded.generations())) {
            return null;
        }
        cache.storeLocally(key, entries.promoted(decoded, type, raw, remainingMillis), keyChangeAtStart, flushAtStart);
        return decoded.value();
    }
}
