package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * What this node knows of each entity's generation. Without Redis the generations are this node's
 * own counter (absent means 0); with Redis each is a random number there, mirrored here and kept
 * fresh by the invalidation channel, and one this node does not know yet is read from Redis.
 */
final class Generations {

    /** The generation of a tag this node does not know, with Redis: never equal to a real one. */
    static final long UNKNOWN = Long.MIN_VALUE;

    private final Cache<EntityTag, Long> known;
    /** Whether the generations are shared through Redis. */
    private final boolean shared;
    private final LoadFences fences;
    private final AtomicLong local = new AtomicLong();

    Generations(Duration maximumTtl, Ticker ticker, boolean shared, LoadFences fences) {
        this.known = Caffeine.newBuilder()
                .maximumSize(1_000_000)
                .expireAfterAccess(maximumTtl)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        this.shared = shared;
        this.fences = fences;
    }

    /** The generation of {@code tag} as this node knows it: 0 when unknown without Redis, {@link #UNKNOWN} with. */
    long known(EntityTag tag) {
        Long generation = known.getIfPresent(tag);
        return generation != null ? generation : shared ? UNKNOWN : 0;
    }

    /**
     * The generation of each tag as this node knows it, without asking Redis; {@code null} when one is
     * unknown (with Redis). Without Redis the local generations are all there is, and absent means 0.
     */
    long[] known(EntityTag[] tags) {
        long[] generations = new long[tags.length];
        for (int i = 0; i < tags.length; i++) {
            Long generation = known.getIfPresent(tags[i]);
            if (generation == null && shared) {
                return null;
            }
            generations[i] = generation != null ? generation : 0;
        }
        return generations;
    }

    /**
     * The current generation of each tag. Unknown ones come from {@code redis} (none without a Redis
     * level); when Redis fails they are taken as 0 for L1 use ({@code strict} false) or the answer is
     * {@code null} ({@code strict}).
     */
    long[] current(EntityTag[] tags, boolean strict, RedisTier redis) {
        return read(tags, strict, false, redis);
    }

    /**
     * The generation of each tag for a value read after an invalidation mark: those this node knows, and
     * unknown ones that Redis has none of (0: never invalidated, so not since the mark either). {@code null}
     * when Redis failed or holds a generation for an unknown tag, which may be a change's made after the
     * mark. Unknown tags are learned either way, as by {@link #current}.
     */
    long[] unmovedSinceMark(EntityTag[] tags, RedisTier redis) {
        return read(tags, true, true, redis);
    }

    private long[] read(EntityTag[] tags, boolean strict, boolean unknownMustBeUnmoved, RedisTier redis) {
        long[] current = new long[tags.length];
        List<Integer> unknown = null;
        for (int i = 0; i < tags.length; i++) {
            Long generation = known.getIfPresent(tags[i]);
            if (generation != null) {
                current[i] = generation;
            } else {
                if (unknown == null) {
                    unknown = new ArrayList<>(tags.length);
                }
                unknown.add(i);
            }
        }
        if (unknown == null || redis == null) {
            return current;
        }
        boolean unmoved = true;
        long flushAtStart = fences.flushes();
        EntityTag[] missing = new EntityTag[unknown.size()];
        for (int j = 0; j < missing.length; j++) {
            missing[j] = tags[unknown.get(j)];
        }
        long[] fetched = redis.generations(missing);
        if (fetched == null && strict) {
            return null;
        }
        for (int j = 0; j < missing.length; j++) {
            long generation = fetched == null ? 0 : fetched[j];
            // A generation from the channel that arrived meanwhile is newer than what Redis answered.
            Long learned = fences.flushes() == flushAtStart ? known.asMap().putIfAbsent(missing[j], generation) : null;
            current[unknown.get(j)] = learned != null ? learned : generation;
            unmoved &= current[unknown.get(j)] == 0;
        }
        return unknownMustBeUnmoved && !unmoved ? null : current;
    }

    /** Records {@code generation} as the current one of {@code tag}. */
    void put(EntityTag tag, long generation) {
        known.put(tag, generation);
    }

    /** A new generation for an invalidation: the next local one without Redis, a random one with. */
    long next() {
        if (!shared) {
            return local.incrementAndGet();
        }
        long generation;
        do {
            generation = ThreadLocalRandom.current().nextLong();
        } while (generation == 0 || generation == UNKNOWN);
        return generation;
    }

    /** Forgets every generation learned from Redis, which may be stale after missed messages. */
    void clear() {
        known.invalidateAll();
    }
}
