package com.corpastro.performance.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * How a {@link TieredCacheManager} makes its entries: the TTL an entry gets (capped, shortened for
 * "not found", jittered), its L1 deadline and weight, and its Redis form.
 */
final class Entries {

    private static final Logger log = LoggerFactory.getLogger(TieredCacheManager.class);

    private final String cacheName;
    /** {@code null} when there is neither Redis nor Jackson: nothing is ever encoded. */
    private final ValueCodec codec;
    private final Ticker ticker;
    private final Clock clock;
    private final Duration maximumTtl;
    private final Duration negativeTtl;
    private final double ttlJitter;
    private final long fenceMillis;
    /**
     * The payload this thread encoded last, for a value stored again right after its load (such as a
     * longer-lived copy of it under a second key): it is serialized once. Kept for records and strings
     * only, whose fields cannot be reassigned in between, and dropped once used.
     */
    private final ThreadLocal<Recent> recent = new ThreadLocal<>();

    /** A payload and the value and type it was made from. */
    private record Recent(Object value, boolean generic, java.lang.reflect.Type type, ValueCodec.Payload payload) {

        boolean isOf(Object value, TypeRef<?> type) {
            return this.value == value && generic == isGeneric(type) && (!generic || this.type.equals(type.type()));
        }
    }

    Entries(String cacheName, ValueCodec codec, Ticker ticker, Clock clock, Duration maximumTtl, Duration negativeTtl,
            double ttlJitter, Duration fence) {
        this.cacheName = cacheName;
        this.codec = codec;
        this.ticker = ticker;
        this.clock = clock;
        this.maximumTtl = maximumTtl;
        this.negativeTtl = negativeTtl;
        this.ttlJitter = ttlJitter;
        this.fenceMillis = fence.toMillis();
    }

    /** The TTL {@code value} gets for a requested {@code ttl}: the negative TTL for "not found", capped, jittered. */
    long ttlMillis(Object value, Duration ttl) {
        Duration wanted = value == TieredCacheManager.NOT_FOUND && negativeTtl.compareTo(ttl) < 0 ? negativeTtl : ttl;
        long millis = Math.max(1, (wanted.compareTo(maximumTtl) > 0 ? maximumTtl : wanted).toMillis());
        if (ttlJitter == 0) {
            return millis;
        }
        return Math.max(1, millis - (long) (millis * ttlJitter * ThreadLocalRandom.current().nextDouble()));
    }

    /** An L1 entry of {@code value} that lives {@code ttlMillis}, weighed by its Redis form {@code encoded}. */
    CacheEntry entry(Object value, TypeRef<?> type, EntityTag[] tags, long[] generations, long ttlMillis,
            byte[] encoded) {
        return new CacheEntry(value, tags, generations, deadline(TimeUnit.MILLISECONDS.toNanos(ttlMillis)),
                CacheEntry.weigh(value, encoded), genericType(type));
    }

    /** The ticker time {@code ttlNanos} from now. */
    long deadline(long ttlNanos) {
        return ticker.read() + ttlNanos;
    }

    /** The Redis form of {@code value}, or {@code null} when it cannot be serialized (it then stays in L1). */
    byte[] encode(Object value, TypeRef<?> type, EntityTag[] tags, long[] generations, long ttlMillis) {
        if (codec == null) {
            return null;
        }
        try {
            return codec.frame(payload(value, type), tags, generations, ThreadLocalRandom.current().nextLong(),
                    clock.millis() + ttlMillis);
        } catch (RuntimeException e) {
            log.debug("cache={} l2=not-serializable type={} error=\"{}\"", cacheName, value.getClass().getName(),
                    e.getMessage());
            return null;
        }
    }

    /** The payload of {@code value}: this thread's last one when it was made from the same record or string. */
    private ValueCodec.Payload payload(Object value, TypeRef<?> type) {
        Recent last = recent.get();
        if (last != null) {
            recent.remove();
            if (last.isOf(value, type)) {
                return last.payload();
            }
        }
        ValueCodec.Payload payload = codec.payload(value, type);
        if (value instanceof String || value.getClass().isRecord()) {
            recent.set(new Recent(value, isGeneric(type), isGeneric(type) ? type.type() : null, payload));
        }
        return payload;
    }

    private static boolean isGeneric(TypeRef<?> type) {
        return type != null && type.isGeneric();
    }

    /** The entry a delete leaves in Redis for the fence time: loads that began before do not write back. */
    byte[] tombstone() {
        return codec.tombstone(ThreadLocalRandom.current().nextLong(), clock.millis() + fenceMillis);
    }

    /** How long a tombstone stays. */
    long fenceMillis() {
        return fenceMillis;
    }

    /**
     * The entry {@code raw} holds, read as {@code type}: {@link ValueCodec.Decoded#UNREADABLE} when it
     * cannot be, a {@code null} value for a tombstone.
     */
    ValueCodec.Decoded decode(byte[] raw, TypeRef<?> type) {
        return codec.decode(raw, type);
    }

    /** How long {@code decoded} has left in Redis; 0 or less when it expired. */
    long remainingMillis(ValueCodec.Decoded decoded) {
        return decoded.expiresAtMillis() - clock.millis();
    }

    /** The L1 entry of a value read from Redis: it lives as long as it has left there, at most the maximum TTL. */
    CacheEntry promoted(ValueCodec.Decoded decoded, TypeRef<?> type, byte[] raw, long remainingMillis) {
        long ttlNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(remainingMillis), maximumTtl.toNanos());
        return new CacheEntry(decoded.value(), decoded.tags(), decoded.generations(), deadline(ttlNanos),
                CacheEntry.weigh(decoded.value(), raw), genericType(type));
    }

    private static java.lang.reflect.Type genericType(TypeRef<?> type) {
        return type != null && type.isGeneric() ? type.type() : null;
    }
}
