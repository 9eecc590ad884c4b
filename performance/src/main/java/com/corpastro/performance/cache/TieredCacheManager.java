package com.corpastro.performance.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The two-level {@link CacheManager}: Caffeine in the process (L1), bounded by weight in bytes,
 * in front of Redis (L2) shared by every node; or L1 alone when no Redis is configured.
 *
 * <ul>
 * <li><b>Entity invalidation on every node.</b> Each entity ({@code business:7}) has a
 * generation: a random number in Redis that {@link #invalidateEntity} replaces, publishing the
 * new one on the invalidation channel. Every entry, in L1 and in Redis, remembers the generations
 * of its tags when its load began and is rejected once they moved, so a load that was running
 * during an invalidation cannot bring the old value back. Nodes keep the generations they know
 * in memory and learn new ones from the channel; when a node may have missed messages (its
 * connection dropped, Redis was down) it flushes L1 and what it knew of the generations.</li>
 * <li><b>Key changes.</b> {@link #set} and {@link #delete} publish the key, so other nodes drop
 * their L1 copy; {@code delete} leaves a short tombstone in Redis and a loader that read the key
 * before it does not write its value back. A plain miss-fill publishes nothing.</li>
 * <li><b>Stampedes.</b> Concurrent {@code getOrSet} calls for one key run the loader once per
 * node; with Redis, a lease lock ({@code SET NX PX}) makes it once across nodes: the others
 * poll Redis until the value lands, or load themselves when the holder's lease ran out.</li>
 * <li><b>Stale while revalidate</b> (off by default). For a time after an L1 entry expired,
 * {@code getOrSet} callers that find another caller of this node already reloading the key get the
 * expired value instead of waiting. An entry whose entity was invalidated or whose key was set or
 * deleted is never served stale.</li>
 * <li><b>Transactions.</b> Inside a Spring transaction, {@code invalidateEntity} and
 * {@code delete} run after the commit.</li>
 * <li><b>Redis failures.</b> Every Redis command waits at most the command timeout; when one
 * fails, the cache logs one line and goes on L1-only until Redis answers again, then flushes L1
 * and sends the invalidations it could not send.</li>
 * </ul>
 *
 * <pre>{@code
 * TieredCacheManager cache = TieredCacheManager.builder()
 *         .name("corp-astro")
 *         .redis("redis://localhost:6379")
 *         .build();
 * Business b = cache.getOrSet("business:" + id, Business.class, Duration.ofMinutes(10),
 *         List.of(EntityTag.of("business", id)), () -> repository.find(id));
 * }</pre>
 */
public final class TieredCacheManager implements CacheManager, AutoCloseable {

    /** The cached form of "not found" (negative caching). */
    static final Object NOT_FOUND = new Object() {
        @Override
        public String toString() {
            return "NOT_FOUND";
        }
    };

    private static final Logger log = LoggerFactory.getLogger(TieredCacheManager.class);
    private static final EntityTag[] NO_TAGS = {};
    private static final long UNKNOWN = Long.MIN_VALUE;
    /** No invalidation mark: a plain store. The epoch starts at 0 and only grows. */
    private static final long NO_MARK = Long.MIN_VALUE;
    /** What {@link #await} returns when the other load did not finish in time. */
    private static final Object LOAD_WAIT_EXPIRED = new Object();
    /** How often a write also drops the expired L1 entries nobody read (a read drops its own). */
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final VarHandle EPOCH;

    static {
        try {
            EPOCH = MethodHandles.lookup().findVarHandle(TieredCacheManager.class, "generationEpoch", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Cache<String, Entry> l1;
    /** What this node knows of each entity's generation; with Redis, a mirror kept fresh by the channel. */
    private final Cache<EntityTag, Long> generations;
    /** Key to the {@link #keyChanges} count of its last set/delete, to fence loads that began before. */
    private final Cache<String, Long> keyFences;
    /** Bumped whenever a generation moves; a plain volatile field, one load less than an AtomicLong on a hit. */
    private volatile long generationEpoch;
    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong keyChanges = new AtomicLong();
    private final AtomicLong localGenerations = new AtomicLong();
    /** Ticker time of the next sweep of expired L1 entries. */
    private final AtomicLong nextSweep;
    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    private final Set<EntityTag> unsentInvalidations = ConcurrentHashMap.newKeySet();
    private final Set<String> unsentKeyChanges = ConcurrentHashMap.newKeySet();
    private final RedisTier redis;
    private final ValueCodec codec;
    private final Ticker ticker;
    /** The ticker this cache started and must stop, when none was given. */
    private final CoarseTicker ownTicker;
    private final Clock clock;
    private final Duration maximumTtl;
    private final Duration negativeTtl;
    private final double ttlJitter;
    private final long leaseMillis;
    private final long fenceMillis;
    /** How long after its expiry an L1 entry may still be served while this node reloads it; 0 means never. */
    private final long staleNanos;
    private final long loadWaitNanos;

    private final LongAdder l1Hits = new LongAdder();
    private final LongAdder l1Misses = new LongAdder();
    private final LongAdder l2Hits = new LongAdder();
    private final LongAdder l2Misses = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder lagNanos = new LongAdder();

    private TieredCacheManager(Builder builder) {
        this.name = builder.name;
        this.ownTicker = builder.ticker == null ? CoarseTicker.acquire() : null;
        this.ticker = builder.ticker == null ? ownTicker : builder.ticker;
        this.clock = builder.clock;
        this.maximumTtl = builder.maximumTtl;
        this.negativeTtl = builder.negativeTtl;
        this.ttlJitter = builder.ttlJitter;
        this.leaseMillis = builder.lockLease.toMillis();
        this.fenceMillis = builder.fence.toMillis();
        this.staleNanos = builder.staleWhileRevalidate.toNanos();
        this.loadWaitNanos = builder.loadWait.toNanos();
        this.nextSweep = new AtomicLong(ticker.read() + SWEEP_INTERVAL_NANOS);
        // No Caffeine expiry: each entry's deadline is checked on read against the coarse ticker (an
        // expiring Caffeine cache reads its ticker and checks write times on every hit too), and
        // writes sweep out the expired entries nobody reads (sweepExpiredIfDue).
        this.l1 = Caffeine.newBuilder()
                .maximumWeight(builder.maximumWeight)
                .weigher((String key, Entry entry) -> entry.weight)
                .evictionListener((String key, Entry value, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .executor(Runnable::run)
                .build();
        this.generations = Caffeine.newBuilder()
                .maximumSize(1_000_000)
                .expireAfterAccess(maximumTtl)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        this.keyFences = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(builder.fence)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
        this.codec = builder.redisUris.isEmpty() && !jacksonPresent() ? null : new ValueCodec(builder.classLoader);
        this.redis = builder.redisUris.isEmpty() ? null
                : new RedisTier(name, builder.redisUris, builder.cluster, builder.namespace, builder.commandTimeout,
                        builder.redisCircuitBreaker != null ? builder.redisCircuitBreaker
                                : RedisTier.defaultCircuitBreaker(name),
                        new RedisEvents());
    }

    /** A builder with the defaults: 64 MiB of L1, no Redis, TTLs capped at one day. Close what it builds. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cache's name, used in meters, logs and the default Redis namespace. */
    public String name() {
        return name;
    }

    /** Whether this cache has a Redis level configured (it may be unavailable right now). */
    public boolean hasRedis() {
        return redis != null;
    }

    /** The circuit breaker every Redis command of this cache passes; empty without a Redis level. */
    public Optional<CircuitBreaker> redisCircuitBreaker() {
        return redis == null ? Optional.empty() : Optional.of(redis.circuitBreaker());
    }

    /** Whether the Redis level is configured and answering. */
    public boolean isRedisAvailable() {
        return redis != null && redis.available();
    }

    /** {@inheritDoc} An L1 hit allocates nothing: each entry keeps the {@code Optional} it answers with. */
    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        Entry entry = l1.getIfPresent(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.found(type);
        }
        return found(lookupPastFastPath(key, type, entry), type);
    }

    private static <T> Optional<T> found(Object value, Class<T> type) {
        return value == null || value == NOT_FOUND ? Optional.empty() : Optional.of(type.cast(value));
    }

    @Override
    public void set(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null, key '" + key + "'");
        }
        put(key, value, ttl, tags);
    }

    @Override
    public void fill(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null, key '" + key + "'");
        }
        store(key, value, ttl, tags, false, NO_MARK);
    }

    /** {@inheritDoc} The mark is the generation epoch, which every invalidation moves before and after it. */
    @Override
    public long invalidationMark() {
        return generationEpoch;
    }

    /**
     * {@inheritDoc} A tag whose generation this node does not know yet is looked up but not used: the
     * generation Redis holds now may already be the change's, so the value is not stored this time.
     */
    @Override
    public boolean fill(String key, Object value, Duration ttl, Collection<EntityTag> tags, long invalidationMark) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null, key '" + key + "'");
        }
        if (invalidationMark == NO_MARK) {
            throw new IllegalArgumentException("invalidationMark must come from invalidationMark(), was " + NO_MARK);
        }
        return store(key, value, ttl, tags, false, invalidationMark);
    }

    /** {@link #set} that also takes {@link #NOT_FOUND}, kept for the negative TTL. */
    void put(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
        store(key, value, ttl, tags, true, NO_MARK);
    }

    /**
     * Stores on both levels. A change ({@code set}) fences loads of the key under way and tells the other
     * nodes to drop their copy; a fill does neither, and leaves Redis alone when it cannot hold the value.
     * With a {@code mark} other than {@link #NO_MARK}, nothing is stored when an invalidation reached this
     * node since the mark (or a tag's generation is not known here), and the answer is {@code false}.
     */
    private boolean store(String key, Object value, Duration ttl, Collection<EntityTag> tags, boolean change,
            long mark) {
        checkTtl(ttl);
        if (value == NOT_FOUND && negativeTtl.compareTo(ttl) < 0) {
            ttl = negativeTtl;
        }
        EntityTag[] tagArray = tags(tags);
        long[] recorded;
        if (mark == NO_MARK) {
            recorded = currentGenerations(tagArray, false);
        } else {
            recorded = knownGenerations(tagArray);
            // Read after the generations: an invalidation moves the epoch before it changes a generation,
            // so a new generation read above always comes with a moved epoch here.
            if (recorded == null || generationEpoch != mark) {
                if (recorded == null) {
                    currentGenerations(tagArray, false);
                }
                return false;
            }
        }
        long ttlMillis = jittered(ttl);
        byte[] encoded = encode(value, tagArray, recorded, ttlMillis);
        if (change) {
            changeKeyLocally(key);
        }
        l1.put(key, new Entry(value, tagArray, recorded, deadline(TimeUnit.MILLISECONDS.toNanos(ttlMillis)),
                weigh(value, encoded)));
        sweepExpiredIfDue();
        if (redis == null) {
            return true;
        }
        if (!change) {
            if (encoded != null) {
                redis.write(key, encoded, ttlMillis);
            }
            return true;
        }
        // A value Redis cannot hold still changes the key: other nodes drop their copy.
        boolean sent = encoded != null ? redis.writeAndPublish(key, encoded, ttlMillis)
                : redis.writeAndPublish(key, tombstone(), fenceMillis);
        if (!sent) {
            unsentKeyChanges.add(key);
        }
        return true;
    }

    @Override
    public <T> T getOrSet(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        Object value = getOrLoad(key, type, ttl, tags, loader, false);
        return value == NOT_FOUND ? null : type.cast(value);
    }

    /** {@inheritDoc} The empty result is kept for the negative TTL (default 30 s), or {@code ttl} if shorter. */
    @Override
    public <T> Optional<T> getOrSetOptional(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<Optional<? extends T>> loader) {
        checkTtl(ttl);
        Entry entry = l1.getIfPresent(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.found(type);
        }
        return found(loadPastFastPath(key, type, ttl, tags, () -> loader.get().orElse(null), true, entry), type);
    }

    @Override
    public void delete(String key) {
        AfterCommit.run(() -> {
            changeKeyLocally(key);
            if (redis != null && !redis.writeAndPublish(key, tombstone(), fenceMillis)) {
                unsentKeyChanges.add(key);
            }
        });
    }

    @Override
    public void invalidateEntity(String entityType, Object entityId) {
        EntityTag tag = EntityTag.of(entityType, entityId);
        AfterCommit.run(() -> invalidate(tag));
    }

    @Override
    public CacheStats stats() {
        long l1HitCount = l1Hits.sum();
        long l2HitCount = l2Hits.sum();
        return new CacheStats(l1HitCount + l2HitCount, misses.sum(), loads.sum(), loadFailures.sum(), loadNanos.sum(),
                evictions.sum(), invalidations.sum(), l1.estimatedSize(),
                l1HitCount, l1Misses.sum(), l2HitCount, l2Misses.sum(), redis == null ? 0 : redis.errors(),
                redis == null ? 0 : redis.sent(), received.sum(), lagNanos.sum());
    }

    /** Drops this node's L1 copy of {@code key}; Redis and other nodes keep theirs. */
    public void evictLocal(String key) {
        l1.invalidate(key);
    }

    /** Drops every L1 entry of this node, e.g. to give memory back under pressure. */
    public void clearLocal() {
        l1.invalidateAll();
    }

    /** Stops the Redis connections and the L1 clock thread; the cache must not be used afterwards. */
    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
        if (ownTicker != null) {
            ownTicker.close();
        }
    }

    // ---- package-private entry points for the Spring Cache adapter

    /** The value under {@code key} of any type, {@link #NOT_FOUND} for a cached "not found", or {@code null}. */
    Object lookup(String key, Class<?> type) {
        Entry entry = l1.getIfPresent(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        return lookupPastFastPath(key, type, entry);
    }

    /**
     * The rest of {@link #lookup}: a hit that needs its generations checked, or a miss. Kept out of the
     * L1 hit path so the JIT can inline that path into its caller (with the L2 read it grew too big).
     */
    private Object lookupPastFastPath(String key, Class<?> type, Entry entry) {
        if (entry != null && usable(key, entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        l1Misses.increment();
        if (redis != null && redis.available()) {
            Object value = readRedis(key, type, keyChanges.get(), flushes.get(), null);
            if (value != null) {
                l2Hits.increment();
                return value;
            }
            l2Misses.increment();
        }
        misses.increment();
        return null;
    }

    Object getOrLoad(String key, Class<?> type, Duration ttl, Collection<EntityTag> tags, Supplier<?> loader,
            boolean cacheNotFound) {
        checkTtl(ttl);
        Entry entry = l1.getIfPresent(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        return loadPastFastPath(key, type, ttl, tags, loader, cacheNotFound, entry);
    }

    /** The rest of {@link #getOrLoad}, out of the L1 hit path for the same reason as {@link #lookupPastFastPath}. */
    private Object loadPastFastPath(String key, Class<?> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<?> loader, boolean cacheNotFound, Entry entry) {
        if (entry != null && usable(key, entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            if (entry != null && servableStale(key, entry, type)) {
                l1Hits.increment();
                return entry.value;
            }
            l1Misses.increment();
            misses.increment();
            Object value = await(running, loadWaitNanos);
            if (value != LOAD_WAIT_EXPIRED) {
                return value;
            }
            // The other load is stuck (on a dependency without a timeout, say): do not queue behind it.
            log.warn("cache={} event=load_wait_expired key=\"{}\" waited_ms={}", name, key,
                    TimeUnit.NANOSECONDS.toMillis(loadWaitNanos));
            return loadOnce(key, type, ttl, tags(tags), loader, cacheNotFound);
        }
        l1Misses.increment();
        try {
            Object value = loadOnce(key, type, ttl, tags(tags), loader, cacheNotFound);
            mine.complete(value);
            return value;
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    // ---- the load path

    /** Seen Redis state of a key during one load: the raw bytes read (for the compare-and-set) and the lease held. */
    private static final class Attempt {
        byte[] seen;
        byte[] lock;
    }

    private Object loadOnce(String key, Class<?> type, Duration ttl, EntityTag[] tags, Supplier<?> loader,
            boolean cacheNotFound) {
        long keyChangeAtStart = keyChanges.get();
        long flushAtStart = flushes.get();
        // A load that finished between the first lookup and joining the flight left its value here.
        Entry entry = l1.getIfPresent(key);
        if (entry != null && usable(key, entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        Attempt attempt = new Attempt();
        try {
            if (redis != null && redis.available()) {
                Object value = readRedis(key, type, keyChangeAtStart, flushAtStart, attempt);
                if (value == null) {
                    value = leaseOrWait(key, type, keyChangeAtStart, flushAtStart, attempt);
                }
                if (value != null) {
                    l2Hits.increment();
                    return value;
                }
                l2Misses.increment();
            }
            misses.increment();
            return load(key, ttl, tags, loader, cacheNotFound, keyChangeAtStart, flushAtStart, attempt.seen);
        } finally {
            if (attempt.lock != null) {
                redis.unlock(key, attempt.lock);
            }
        }
    }

    /** Takes the lease on loading {@code key}, or waits for the node that holds it; the value if it landed meanwhile. */
    private Object leaseOrWait(String key, Class<?> type, long keyChangeAtStart, long flushAtStart, Attempt attempt) {
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

    private Object load(String key, Duration ttl, EntityTag[] tags, Supplier<?> loader, boolean cacheNotFound,
            long keyChangeAtStart, long flushAtStart, byte[] seen) {
        long[] recorded = currentGenerations(tags, false);
        loads.increment();
        long started = System.nanoTime();
        Object value;
        try {
            value = loader.get();
        } catch (RuntimeException | Error e) {
            loadFailures.increment();
            throw e;
        } finally {
            loadNanos.add(System.nanoTime() - started);
        }
        if (value == null) {
            if (!cacheNotFound) {
                return null;
            }
            value = NOT_FOUND;
        }
        long ttlMillis = jittered(value == NOT_FOUND && negativeTtl.compareTo(ttl) < 0 ? negativeTtl : ttl);
        byte[] encoded = encode(value, tags, recorded, ttlMillis);
        if (encoded != null && redis != null && redis.available()) {
            redis.writeIfUnchanged(key, seen, encoded, ttlMillis);
        }
        storeLocally(key, new Entry(value, tags, recorded, deadline(TimeUnit.MILLISECONDS.toNanos(ttlMillis)),
                weigh(value, encoded)), keyChangeAtStart, flushAtStart);
        return value;
    }

    /** The usable value under {@code key} in Redis, promoted to L1; {@code null} when there is none. */
    private Object readRedis(String key, Class<?> type, long keyChangeAtStart, long flushAtStart, Attempt attempt) {
        byte[] raw = redis.get(key);
        if (attempt != null) {
            attempt.seen = raw;
        }
        if (raw == null) {
            return null;
        }
        ValueCodec.Decoded decoded = codec.decode(raw, type);
        if (!decoded.readable() || decoded.value() == null) {
            return null;
        }
        long remainingMillis = decoded.expiresAtMillis() - clock.millis();
        if (remainingMillis <= 0) {
            return null;
        }
        long[] current = currentGenerations(decoded.tags(), true);
        if (current == null || !java.util.Arrays.equals(current, decoded.generations())) {
            return null;
        }
        long ttlNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(remainingMillis), maximumTtl.toNanos());
        Entry entry = new Entry(decoded.value(), decoded.tags(), decoded.generations(), deadline(ttlNanos),
                weigh(decoded.value(), raw));
        storeLocally(key, entry, keyChangeAtStart, flushAtStart);
        return decoded.value();
    }

    // ---- L1

    /**
     * The common case of {@link #usable}, small enough to inline: fresh, of {@code type}, and untagged or
     * found current since the last generation change. {@code false} means "ask {@link #usable}", not "unusable".
     */
    private boolean plainlyUsable(Entry entry, Class<?> type) {
        return entry.expiresAt - ticker.read() > 0
                && (entry.checkedAt == generationEpoch || entry.tags.length == 0)
                && (entry.value == NOT_FOUND || type.isInstance(entry.value));
    }

    /** Whether {@code entry} is fresh, of {@code type} and built from its tags' current generations. */
    private boolean usable(String key, Entry entry, Class<?> type) {
        long now = ticker.read();
        if (entry.expiresAt - now <= 0) {
            // Kept for stale-while-revalidate until its stale time ran out too.
            if (now - entry.expiresAt >= staleNanos && l1.asMap().remove(key, entry)) {
                evictions.increment();
            }
            return false;
        }
        return (entry.value == NOT_FOUND || type.isInstance(entry.value)) && current(key, entry);
    }

    /** Whether {@code entry} expired less than the stale-while-revalidate time ago and is otherwise usable. */
    private boolean servableStale(String key, Entry entry, Class<?> type) {
        if (staleNanos == 0) {
            return false;
        }
        long now = ticker.read();
        return entry.expiresAt - now <= 0 && now - entry.expiresAt < staleNanos
                && (entry.value == NOT_FOUND || type.isInstance(entry.value)) && current(key, entry);
    }

    /** Whether the entity generations {@code entry} was built from are still current; drops it when not. */
    private boolean current(String key, Entry entry) {
        if (entry.tags.length == 0) {
            return true;
        }
        long epoch = generationEpoch;
        if (entry.checkedAt == epoch) {
            return true;
        }
        for (int i = 0; i < entry.tags.length; i++) {
            Long generation = generations.getIfPresent(entry.tags[i]);
            long current = generation != null ? generation : redis == null ? 0 : UNKNOWN;
            if (current != entry.generations[i]) {
                l1.asMap().remove(key, entry);
                return false;
            }
        }
        entry.checkedAt = epoch;
        return true;
    }

    /** Puts a loaded or promoted entry into L1 unless a set, delete or flush happened since its load began. */
    private void storeLocally(String key, Entry entry, long keyChangeAtStart, long flushAtStart) {
        if (fenced(key, keyChangeAtStart, flushAtStart)) {
            return;
        }
        l1.put(key, entry);
        if (fenced(key, keyChangeAtStart, flushAtStart)) {
            l1.asMap().remove(key, entry);
        }
        sweepExpiredIfDue();
    }

    /**
     * At most once a {@link #SWEEP_INTERVAL_NANOS}, drops the expired entries, which nothing else frees
     * before the size bound. A write only starts it: the walk over L1 runs on the common pool, so the
     * request that happens to write at that moment does not wait for it.
     */
    private void sweepExpiredIfDue() {
        long now = ticker.read();
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            return;
        }
        ForkJoinPool.commonPool().execute(() -> dropExpired(now));
    }

    private void dropExpired(long now) {
        for (var cached : l1.asMap().entrySet()) {
            if (now - cached.getValue().expiresAt >= staleNanos
                    && l1.asMap().remove(cached.getKey(), cached.getValue())) {
                evictions.increment();
            }
        }
    }

    private boolean fenced(String key, long keyChangeAtStart, long flushAtStart) {
        if (flushes.get() != flushAtStart) {
            return true;
        }
        Long changedAt = keyFences.getIfPresent(key);
        return changedAt != null && changedAt > keyChangeAtStart;
    }

    private void changeKeyLocally(String key) {
        keyFences.put(key, keyChanges.incrementAndGet());
        l1.invalidate(key);
    }

    // ---- generations

    private void invalidate(EntityTag tag) {
        long generation = redis == null ? localGenerations.incrementAndGet() : randomGeneration();
        moveGeneration(tag, generation);
        invalidations.increment();
        if (redis != null && !redis.invalidate(tag, generation, 2 * maximumTtl.toMillis())) {
            unsentInvalidations.add(tag);
        }
    }

    /**
     * The current generation of each tag. Unknown ones come from Redis; when Redis fails they are
     * taken as 0 for L1 use ({@code strict} false) or the answer is {@code null} ({@code strict}).
     */
    private long[] currentGenerations(EntityTag[] tags, boolean strict) {
        long[] current = new long[tags.length];
        List<Integer> unknown = null;
        for (int i = 0; i < tags.length; i++) {
            Long generation = generations.getIfPresent(tags[i]);
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
        long flushAtStart = flushes.get();
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
            Long known = flushes.get() == flushAtStart ? generations.asMap().putIfAbsent(missing[j], generation) : null;
            current[unknown.get(j)] = known != null ? known : generation;
        }
        return current;
    }

    /**
     * Gives {@code tag} a new generation between two epoch moves: the first tells a marked fill that read
     * the old generation (see {@link #store}), the second makes every tagged L1 entry, including one
     * checked in between against the old generation, check again on its next hit.
     */
    private void moveGeneration(EntityTag tag, long generation) {
        bumpEpoch();
        generations.put(tag, generation);
        bumpEpoch();
    }

    /**
     * The generation of each tag as this node knows it, without asking Redis; {@code null} when one is
     * unknown (with Redis). Without Redis the local generations are all there is, and absent means 0.
     */
    private long[] knownGenerations(EntityTag[] tags) {
        long[] known = new long[tags.length];
        for (int i = 0; i < tags.length; i++) {
            Long generation = generations.getIfPresent(tags[i]);
            if (generation == null && redis != null) {
                return null;
            }
            known[i] = generation != null ? generation : 0;
        }
        return known;
    }

    /** Makes every tagged L1 entry check its generations again on its next hit. */
    private void bumpEpoch() {
        EPOCH.getAndAdd(this, 1L);
    }

    private static long randomGeneration() {
        long generation;
        do {
            generation = ThreadLocalRandom.current().nextLong();
        } while (generation == 0 || generation == UNKNOWN);
        return generation;
    }

    /** Drops everything this node learned from Redis, which may be stale after missed messages. */
    private void flush(String reason) {
        bumpEpoch(); // as for a new generation: a marked fill under way must not store what it read before
        flushes.incrementAndGet();
        generations.invalidateAll();
        bumpEpoch();
        l1.invalidateAll();
        log.info("cache={} l1=flushed reason=\"{}\"", name, reason);
    }

    /** Sends the invalidations and key changes that failed while Redis was unavailable. */
    private void replayUnsent() {
        if (!unsentInvalidations.isEmpty() || !unsentKeyChanges.isEmpty()) {
            log.info("cache={} l2=replaying invalidations={} keyChanges={}", name, unsentInvalidations.size(),
                    unsentKeyChanges.size());
        }
        for (EntityTag tag : List.copyOf(unsentInvalidations)) {
            unsentInvalidations.remove(tag);
            invalidate(tag);
        }
        for (String key : List.copyOf(unsentKeyChanges)) {
            unsentKeyChanges.remove(key);
            if (!redis.writeAndPublish(key, tombstone(), fenceMillis)) {
                unsentKeyChanges.add(key);
            }
        }
    }

    private final class RedisEvents implements RedisTier.Events {

        @Override
        public void keyChanged(String key, long sentAtMillis) {
            changeKeyLocally(key);
            received(sentAtMillis);
        }

        @Override
        public void entityInvalidated(EntityTag tag, long generation, long sentAtMillis) {
            moveGeneration(tag, generation);
            received(sentAtMillis);
        }

        @Override
        public void flush(String reason) {
            TieredCacheManager.this.flush(reason);
        }

        @Override
        public void replayUnsent() {
            TieredCacheManager.this.replayUnsent();
        }

        private void received(long sentAtMillis) {
            received.increment();
            lagNanos.add(TimeUnit.MILLISECONDS.toNanos(Math.max(0, clock.millis() - sentAtMillis)));
        }
    }

    // ---- helpers

    private byte[] encode(Object value, EntityTag[] tags, long[] recorded, long ttlMillis) {
        if (codec == null) {
            return null;
        }
        try {
            return codec.encode(value, tags, recorded, ThreadLocalRandom.current().nextLong(), clock.millis() + ttlMillis);
        } catch (RuntimeException e) {
            log.debug("cache={} l2=not-serializable type={} error=\"{}\"", name, value.getClass().getName(), e.getMessage());
            return null;
        }
    }

    private byte[] tombstone() {
        return codec.tombstone(ThreadLocalRandom.current().nextLong(), clock.millis() + fenceMillis);
    }

    /** Approximate heap bytes of a cached value: its serialized size scaled for object overhead. */
    private static int weigh(Object value, byte[] encoded) {
        long weight;
        if (value instanceof String text) {
            weight = 48L + 2L * text.length();
        } else if (encoded != null) {
            weight = 64L + 2L * encoded.length;
        } else {
            weight = 1024;
        }
        return (int) Math.min(Integer.MAX_VALUE, weight + 112);
    }

    private long jittered(Duration ttl) {
        long millis = Math.max(1, (ttl.compareTo(maximumTtl) > 0 ? maximumTtl : ttl).toMillis());
        if (ttlJitter == 0) {
            return millis;
        }
        return Math.max(1, millis - (long) (millis * ttlJitter * ThreadLocalRandom.current().nextDouble()));
    }

    private static void checkTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0, was " + ttl);
        }
    }

    private static EntityTag[] tags(Collection<EntityTag> tags) {
        if (tags == null || tags.isEmpty()) {
            return NO_TAGS;
        }
        return new LinkedHashSet<>(tags).toArray(NO_TAGS);
    }

    /** The value of {@code running}, or {@link #LOAD_WAIT_EXPIRED} when it did not come within {@code nanos}. */
    private static Object await(CompletableFuture<Object> running, long nanos) {
        try {
            return running.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return LOAD_WAIT_EXPIRED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for another load", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new CompletionException(e.getCause());
        }
    }

    private static boolean jacksonPresent() {
        try {
            Class.forName("tools.jackson.dataformat.smile.SmileMapper", false, TieredCacheManager.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private long deadline(long ttlNanos) {
        return ticker.read() + ttlNanos;
    }

    private static final class Entry {
        final Object value;
        final EntityTag[] tags;
        final long[] generations;
        /** Ticker time at which the entry expires. */
        final long expiresAt;
        final int weight;
        /** What {@code get} answers with, made once so that a hit does not allocate. */
        private final Optional<Object> found;
        /** The generation epoch at which the tags were last found current; a benign race. */
        long checkedAt = -1;

        Entry(Object value, EntityTag[] tags, long[] generations, long expiresAt, int weight) {
            this.value = value;
            this.tags = tags;
            this.generations = generations;
            this.expiresAt = expiresAt;
            this.weight = weight;
            this.found = value == NOT_FOUND ? Optional.empty() : Optional.of(value);
        }

        /** {@link #found} for a caller that checked {@code value} is a {@code type} or {@link #NOT_FOUND}. */
        @SuppressWarnings("unchecked")
        <T> Optional<T> found(Class<T> type) {
            return (Optional<T>) found;
        }
    }

    /** Builds a {@link TieredCacheManager}; every setter rejects a bad value with the value in the message. */
    public static final class Builder {

        private String name = "corp-astro";
        private String namespace;
        private long maximumWeight = 64L * 1024 * 1024;
        private Duration maximumTtl = Duration.ofDays(1);
        private Duration negativeTtl = Duration.ofSeconds(30);
        private double ttlJitter = 0.1;
        private Duration lockLease = Duration.ofSeconds(5);
        private Duration fence = Duration.ofSeconds(30);
        private Duration staleWhileRevalidate = Duration.ZERO;
        private Duration commandTimeout = Duration.ofMillis(50);
        private CircuitBreaker redisCircuitBreaker;
        private Duration loadWait = Duration.ofSeconds(10);
        private List<String> redisUris = List.of();
        private boolean cluster;
        private Ticker ticker;
        private Clock clock = Clock.systemUTC();
        private ClassLoader classLoader = TieredCacheManager.class.getClassLoader();

        private Builder() {
        }

        /** The cache's name in meters and logs, and the default Redis namespace ({@code ca:<name>}). */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /** The prefix of every Redis key and of the invalidation channel; nodes sharing a cache share it. */
        public Builder namespace(String namespace) {
            new RedisKeys(namespace);
            this.namespace = namespace;
            return this;
        }

        /** The most bytes (estimated) the in-process level holds before evicting. */
        public Builder maximumWeight(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maximumWeight must be > 0 bytes, was " + bytes);
            }
            this.maximumWeight = bytes;
            return this;
        }

        /** The longest TTL an entry gets; longer TTLs are shortened to it. */
        public Builder maximumTtl(Duration maximumTtl) {
            this.maximumTtl = positive("maximumTtl", maximumTtl);
            return this;
        }

        /** How long a "not found" stays cached (at most the call's TTL). */
        public Builder negativeTtl(Duration negativeTtl) {
            this.negativeTtl = positive("negativeTtl", negativeTtl);
            return this;
        }

        /** Fraction (0 to 0.5) of each TTL taken off at random, so entries written together expire apart. */
        public Builder ttlJitter(double ttlJitter) {
            if (!(ttlJitter >= 0 && ttlJitter <= 0.5)) {
                throw new IllegalArgumentException("ttlJitter must be between 0 and 0.5, was " + ttlJitter);
            }
            this.ttlJitter = ttlJitter;
            return this;
        }

        /** How long a node may hold the cross-node lease on loading a key before others load too. */
        public Builder lockLease(Duration lockLease) {
            this.lockLease = positive("lockLease", lockLease);
            return this;
        }

        /** How long a set or delete keeps loads that began before it from writing their value. */
        public Builder fence(Duration fence) {
            this.fence = positive("fence", fence);
            return this;
        }

        /**
         * How long after an L1 entry expired {@code getOrSet} may still return it to callers while
         * another caller on this node reloads the key; {@link Duration#ZERO} (the default) turns it off.
         */
        public Builder staleWhileRevalidate(Duration staleWhileRevalidate) {
            if (staleWhileRevalidate == null || staleWhileRevalidate.isNegative()) {
                throw new IllegalArgumentException("staleWhileRevalidate must be >= 0, was " + staleWhileRevalidate);
            }
            this.staleWhileRevalidate = staleWhileRevalidate;
            return this;
        }

        /** The longest wait for one Redis command before the call goes on without Redis. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = positive("commandTimeout", commandTimeout);
            return this;
        }

        /**
         * The circuit breaker every Redis command passes: past its failure rate the cache runs on L1
         * only, without waiting for Redis, until a trial command (a background PING) succeeds; then
         * L1 is flushed (invalidations may have been missed) and L2 is used again. By default one
         * named {@code redis}: 10 commands, 50%, 1 s open, 1 trial.
         */
        public Builder redisCircuitBreaker(CircuitBreaker circuitBreaker) {
            if (circuitBreaker == null) {
                throw new IllegalArgumentException("redisCircuitBreaker must not be null");
            }
            this.redisCircuitBreaker = circuitBreaker;
            return this;
        }

        /**
         * The longest a {@code getOrSet} caller waits for the load of the same key that another
         * caller on this node runs; past it the caller loads the value itself. 10 s by default.
         */
        public Builder loadWait(Duration loadWait) {
            this.loadWait = positive("loadWait", loadWait);
            return this;
        }

        /** Uses the Redis server at {@code url} ({@code redis://[user:password@]host:port[/database]}, or {@code rediss://}). */
        public Builder redis(String url) {
            this.redisUris = List.of(url(url));
            this.cluster = false;
            return this;
        }

        /** Uses the Redis Cluster reachable through {@code nodes} ({@code host:port} or redis URLs). */
        public Builder redisCluster(Collection<String> nodes) {
            if (nodes == null || nodes.isEmpty()) {
                throw new IllegalArgumentException("redis cluster nodes must not be empty, was " + nodes);
            }
            this.redisUris = nodes.stream().map(Builder::url).toList();
            this.cluster = true;
            return this;
        }

        /**
         * The L1 time source, so tests can move time instead of sleeping. By default a clock
         * refreshed every millisecond by a daemon thread that {@link #close()} stops.
         */
        public Builder ticker(Ticker ticker) {
            if (ticker == null) {
                throw new IllegalArgumentException("ticker must not be null");
            }
            this.ticker = ticker;
            return this;
        }

        /** The wall clock stamped into Redis entries. */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /** Where the classes of cached values are loaded from when read back from Redis. */
        public Builder classLoader(ClassLoader classLoader) {
            if (classLoader == null) {
                throw new IllegalArgumentException("classLoader must not be null");
            }
            this.classLoader = classLoader;
            return this;
        }

        public TieredCacheManager build() {
            if (namespace == null) {
                namespace = "ca:" + name;
                new RedisKeys(namespace);
            }
            return new TieredCacheManager(this);
        }

        private static String url(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("redis url must not be blank, was '" + url + "'");
            }
            String trimmed = url.trim();
            return trimmed.contains("://") ? trimmed : "redis://" + trimmed;
        }

        private static Duration positive(String what, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be > 0, was " + value);
            }
            return value;
        }
    }
}
