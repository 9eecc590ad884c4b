package com.corpastro.performance.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    /** No invalidation mark: a plain store. The epoch starts at 0 and only grows. */
    private static final long NO_MARK = Long.MIN_VALUE;
    private static final VarHandle EPOCH;

    static {
        try {
            EPOCH = MethodHandles.lookup().findVarHandle(TieredCacheManager.class, "generationEpoch", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final L1 l1;
    private final Generations generations;
    private final LoadFences fences;
    private final MissesInRedis missesInRedis;
    private final SingleFlight flights;
    /**
     * Bumped whenever a generation moves, so a tagged L1 entry checks its generations again on its next
     * hit; a plain volatile field here, one load less than an AtomicLong on a hit.
     */
    private volatile long generationEpoch;
    private final CacheCounters counters = new CacheCounters();
    /** The L1 hit counter, also a field of its own: the hit path reads it without going through {@link #counters}. */
    private final LongAdder l1Hits = counters.l1Hits;
    private final L1Sweeper sweeper;
    /** {@code null} without a Redis level, as {@link #redis}. */
    private final RedisSync sync;
    private final RedisTier redis;
    private final Entries entries;
    private final CacheLoads loads;
    private final Ticker ticker;
    /** The ticker this cache started and must stop, when none was given. */
    private final CoarseTicker ownTicker;
    private final Duration maximumTtl;
    /** How long after its expiry an L1 entry may still be served while this node reloads it; 0 means never. */
    private final long staleNanos;
    private final InvalidationListener invalidationListener;

    TieredCacheManager(TieredCacheBuilder builder) {
        this.name = builder.name;
        this.ownTicker = builder.ticker == null ? CoarseTicker.acquire() : null;
        this.ticker = builder.ticker == null ? ownTicker : builder.ticker;
        this.maximumTtl = builder.maximumTtl;
        this.staleNanos = builder.staleWhileRevalidate.toNanos();
        this.invalidationListener = builder.invalidationListener;
        this.flights = new SingleFlight(builder.loadWait.toNanos());
        this.l1 = new L1(builder.maximumWeight, builder.regionPrefixes, builder.regionMaximumWeight, counters.evictions);
        this.sweeper = new L1Sweeper(l1, ticker, staleNanos, counters.evictions);
        this.fences = new LoadFences(builder.fence, ticker);
        this.missesInRedis = new MissesInRedis(builder.redisMissTtl, ticker, fences);
        this.generations = new Generations(maximumTtl, ticker, !builder.redisUris.isEmpty(), fences);
        this.entries = new Entries(name, builder.redisUris.isEmpty() && !jacksonPresent() ? null
                : new ValueCodec(builder.classLoader), ticker, builder.clock, maximumTtl, builder.negativeTtl, builder.ttlJitter,
                builder.fence);
        this.sync = builder.redisUris.isEmpty() ? null : new RedisSync(this, builder, entries, counters);
        this.redis = sync == null ? null : sync.tier();
        this.loads = new CacheLoads(this, entries, generations, fences, counters, redis, builder.lockLease);
    }

    /** A builder with the defaults: 64 MiB of L1, no Redis, TTLs capped at one day. Close what it builds. */
    public static TieredCacheBuilder builder() {
        return new TieredCacheBuilder();
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
        CacheEntry entry = l1.get(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.found(type);
        }
        return found(lookupPastFastPath(key, TypeRef.of(type), entry), type);
    }

    /**
     * {@inheritDoc} In L1 a value is of a generic type when it is an instance of its class and was not
     * stored or read under another generic type; from Redis, when the type it was written under (or its
     * contents showed) fits.
     */
    @Override
    public <T> Optional<T> get(String key, TypeRef<T> type) {
        CacheEntry entry = l1.get(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.value == NOT_FOUND ? Optional.empty() : Optional.of(type.cast(entry.value));
        }
        Object value = lookupPastFastPath(key, type, entry);
        return value == null || value == NOT_FOUND ? Optional.empty() : Optional.of(type.cast(value));
    }

    private static <T> Optional<T> found(Object value, Class<T> type) {
        return value == null || value == NOT_FOUND ? Optional.empty() : Optional.of(type.cast(value));
    }

    @Override
    public void set(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
        put(key, notNull(key, value), ttl, tags);
    }

    @Override
    public void fill(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
        store(key, notNull(key, value), ttl, tags, false, NO_MARK);
    }

    /** {@inheritDoc} The mark is the generation epoch, which every invalidation moves before and after it. */
    @Override
    public long invalidationMark() {
        return generationEpoch;
    }

    /**
     * {@inheritDoc} A tag whose generation this node does not know yet is looked up in Redis: when Redis
     * holds none (the entity was never invalidated) the value is stored; when it holds one, that may
     * already be the change's, so the value is not stored this time.
     */
    @Override
    public boolean fill(String key, Object value, Duration ttl, Collection<EntityTag> tags, long invalidationMark) {
        notNull(key, value);
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
        EntityTag[] tagArray = tags(key, tags);
        long[] recorded;
        if (mark == NO_MARK) {
            recorded = generations.current(tagArray, false, redis);
        } else {
            recorded = generations.known(tagArray);
            if (recorded == null) {
                // A tag this node does not know (the response key's own, at least, on a response's first
                // store): one Redis holds no generation for was never invalidated, so not since the mark.
                recorded = generations.unmovedSinceMark(tagArray, redis);
            }
            // Read after the generations: an invalidation moves the epoch before it changes a generation,
            // so a new generation read above always comes with a moved epoch here.
            if (recorded == null || generationEpoch != mark) {
                return false;
            }
        }
        long ttlMillis = entries.ttlMillis(value, ttl);
        byte[] encoded = entries.encode(value, null, tagArray, recorded, ttlMillis);
        if (change) {
            changeKeyLocally(key);
        } else {
            missesInRedis.forget(key);
        }
        l1.put(key, entries.entry(value, null, tagArray, recorded, ttlMillis, encoded));
        sweeper.sweepIfDue();
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
        sync.publishKeyChange(key, encoded, ttlMillis);
        return true;
    }

    @Override
    public <T> T getOrSet(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        Object value = getOrLoad(key, type, ttl, tags, loader, false);
        if (value != null && value != NOT_FOUND && !type.isInstance(value)) {
            value = loadOwnType(key, TypeRef.of(type), ttl, tags, loader);
        }
        return value == NOT_FOUND ? null : type.cast(value);
    }

    @Override
    public <T> T getOrSet(String key, TypeRef<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        checkTtl(ttl);
        CacheEntry entry = l1.get(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.value == NOT_FOUND ? null : type.cast(entry.value);
        }
        Object value = loadPastFastPath(key, type, ttl, tags, loader, false, entry);
        if (value != null && value != NOT_FOUND && !type.rawClass().isInstance(value)) {
            value = loadOwnType(key, type, ttl, tags, loader);
        }
        return value == null || value == NOT_FOUND ? null : type.cast(value);
    }

    /**
     * A load of this caller's own, when the load of the same key it waited for (by a caller asking for
     * another type) brought a value of another class: a miss, not a ClassCastException.
     */
    private Object loadOwnType(String key, TypeRef<?> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<?> loader) {
        return loads.loadOnce(key, type, ttl, tags(key, tags), loader, false);
    }

    /** {@inheritDoc} The empty result is kept for the negative TTL (default 30 s), or {@code ttl} if shorter. */
    @Override
    public <T> Optional<T> getOrSetOptional(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<Optional<? extends T>> loader) {
        checkTtl(ttl);
        CacheEntry entry = l1.get(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.found(type);
        }
        return found(loadPastFastPath(key, TypeRef.of(type), ttl, tags, () -> loader.get().orElse(null), true, entry),
                type);
    }

    @Override
    public void delete(String key) {
        AfterCommit.run(() -> {
            changeKeyLocally(key);
            if (sync != null) {
                sync.publishKeyChange(key, null, 0);
            }
        });
    }

    @Override
    public void invalidateEntity(String entityType, Object entityId) {
        EntityTag tag = EntityTag.of(entityType, entityId);
        // The drop is registered first: after the commit it runs before anything the listener
        // registered (a CDN purge must not let the edge refetch this node's old copy).
        AfterCommit.run(() -> invalidate(tag));
        invalidationListener.invalidating(tag);
    }

    @Override
    public CacheStats stats() {
        return counters.stats(l1.estimatedSize(), redis);
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
        CacheEntry entry = l1.get(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        return lookupPastFastPath(key, TypeRef.of(type), entry);
    }

    /**
     * The rest of {@link #lookup}: a hit that needs its generations checked, or a miss. Kept out of the
     * L1 hit path so the JIT can inline that path into its caller (with the L2 read it grew too big).
     */
    private Object lookupPastFastPath(String key, TypeRef<?> type, CacheEntry entry) {
        if (entry != null && usable(key, entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        counters.l1Misses.increment();
        if (redis != null && redis.available()) {
            if (missesInRedis.remembered(key)) {
                counters.l2MissesRemembered.increment();
                counters.l2Misses.increment();
                counters.misses.increment();
                return null;
            }
            long keyChanges = fences.keyChanges();
            long flushes = fences.flushes();
            CacheLoads.Attempt attempt = new CacheLoads.Attempt();
            Object value = loads.readRedis(key, type, keyChanges, flushes, attempt);
            if (value != null) {
                counters.l2Hits.increment();
                return value;
            }
            if (attempt.seen == null) {
                missesInRedis.remember(key, keyChanges, flushes);
            }
            counters.l2Misses.increment();
        }
        counters.misses.increment();
        return null;
    }

    Object getOrLoad(String key, Class<?> type, Duration ttl, Collection<EntityTag> tags, Supplier<?> loader,
            boolean cacheNotFound) {
        checkTtl(ttl);
        CacheEntry entry = l1.get(key);
        if (entry != null && plainlyUsable(entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        return loadPastFastPath(key, TypeRef.of(type), ttl, tags, loader, cacheNotFound, entry);
    }

    /** The rest of {@link #getOrLoad}, out of the L1 hit path for the same reason as {@link #lookupPastFastPath}. */
    private Object loadPastFastPath(String key, TypeRef<?> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<?> loader, boolean cacheNotFound, CacheEntry entry) {
        if (entry != null && usable(key, entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = flights.join(key, mine);
        if (running != null) {
            if (entry != null && servableStale(key, entry, type)) {
                l1Hits.increment();
                return entry.value;
            }
            counters.l1Misses.increment();
            counters.misses.increment();
            Object value = flights.await(running);
            if (value != SingleFlight.WAIT_EXPIRED) {
                return value;
            }
            // The other load is stuck (on a dependency without a timeout, say): do not queue behind it.
            log.warn("cache={} event=load_wait_expired key=\"{}\" waited_ms={}", name, key,
                    TimeUnit.NANOSECONDS.toMillis(flights.waitNanos()));
            return loads.loadOnce(key, type, ttl, tags(key, tags), loader, cacheNotFound);
        }
        counters.l1Misses.increment();
        return flights.lead(key, mine, () -> loads.loadOnce(key, type, ttl, tags(key, tags), loader, cacheNotFound));
    }

    // ---- L1

    /**
     * The common case of {@link #usable}, small enough to inline: fresh, of {@code type}, and untagged or
     * found current since the last generation change. {@code false} means "ask {@link #usable}", not "unusable".
     */
    private boolean plainlyUsable(CacheEntry entry, Class<?> type) {
        return entry.expiresAt - ticker.read() > 0
                && (entry.checkedAt == generationEpoch || entry.tags.length == 0)
                && (entry.value == NOT_FOUND || type.isInstance(entry.value));
    }

    /** {@link #plainlyUsable(CacheEntry, Class)} for a type that may be generic. */
    private boolean plainlyUsable(CacheEntry entry, TypeRef<?> type) {
        return entry.expiresAt - ticker.read() > 0
                && (entry.checkedAt == generationEpoch || entry.tags.length == 0)
                && fits(entry, type);
    }

    /**
     * Whether the value of {@code entry} is a {@code type} (or "not found"): an instance of its class and,
     * for a generic type, not stored or read under another one.
     */
    private static boolean fits(CacheEntry entry, TypeRef<?> type) {
        return entry.value == NOT_FOUND || (type.rawClass().isInstance(entry.value)
                && (!type.isGeneric() || entry.type == null || entry.type.equals(type.type())));
    }

    /** Whether {@code entry} is fresh, of {@code type} and built from its tags' current generations. */
    private boolean usable(String key, CacheEntry entry, TypeRef<?> type) {
        long now = ticker.read();
        if (entry.expiresAt - now <= 0) {
            // Kept for stale-while-revalidate until its stale time ran out too.
            if (now - entry.expiresAt >= staleNanos && l1.remove(key, entry)) {
                counters.evictions.increment();
            }
            return false;
        }
        return fits(entry, type) && current(key, entry);
    }

    /** Whether {@code entry} expired less than the stale-while-revalidate time ago and is otherwise usable. */
    private boolean servableStale(String key, CacheEntry entry, TypeRef<?> type) {
        if (staleNanos == 0) {
            return false;
        }
        long now = ticker.read();
        return entry.expiresAt - now <= 0 && now - entry.expiresAt < staleNanos
                && fits(entry, type) && current(key, entry);
    }

    /** Whether the entity generations {@code entry} was built from are still current; drops it when not. */
    private boolean current(String key, CacheEntry entry) {
        if (entry.tags.length == 0) {
            return true;
        }
        long epoch = generationEpoch;
        if (entry.checkedAt == epoch) {
            return true;
        }
        for (int i = 0; i < entry.tags.length; i++) {
            if (generations.known(entry.tags[i]) != entry.generations[i]) {
                l1.remove(key, entry);
                return false;
            }
        }
        entry.checkedAt = epoch;
        return true;
    }

    /** The value of the usable L1 entry under {@code key} (counted as an L1 hit), or {@code null}. */
    Object usableLocal(String key, TypeRef<?> type) {
        CacheEntry entry = l1.get(key);
        if (entry != null && usable(key, entry, type)) {
            l1Hits.increment();
            return entry.value;
        }
        return null;
    }

    /** Puts a loaded or promoted entry into L1 unless a set, delete or flush happened since its load began. */
    void storeLocally(String key, CacheEntry entry, long keyChangeAtStart, long flushAtStart) {
        if (fences.fenced(key, keyChangeAtStart, flushAtStart)) {
            return;
        }
        missesInRedis.forget(key);
        l1.put(key, entry);
        if (fences.fenced(key, keyChangeAtStart, flushAtStart)) {
            l1.remove(key, entry);
        }
        sweeper.sweepIfDue();
    }

    /** {@code key} changed here or on another node: loads of it under way must not store, and L1 drops it. */
    void changeKeyLocally(String key) {
        fences.keyChanged(key);
        missesInRedis.forget(key);
        l1.invalidate(key);
    }

    // ---- generations

    /** Gives {@code tag} a new generation here and, through Redis, on every node. */
    void invalidate(EntityTag tag) {
        long generation = generations.next();
        moveGeneration(tag, generation);
        counters.invalidations.increment();
        if (sync != null) {
            sync.publishInvalidation(tag, generation, 2 * maximumTtl.toMillis());
        }
    }

    /**
     * Gives {@code tag} a new generation between two epoch moves: the first tells a marked fill that read
     * the old generation (see {@link #store}), the second makes every tagged L1 entry, including one
     * checked in between against the old generation, check again on its next hit.
     */
    void moveGeneration(EntityTag tag, long generation) {
        bumpEpoch();
        generations.put(tag, generation);
        bumpEpoch();
    }

    /** Makes every tagged L1 entry check its generations again on its next hit. */
    private void bumpEpoch() {
        EPOCH.getAndAdd(this, 1L);
    }

    /** Drops everything this node learned from Redis, which may be stale after missed messages. */
    void flush(String reason) {
        bumpEpoch(); // as for a new generation: a marked fill under way must not store what it read before
        fences.flushed();
        generations.clear();
        bumpEpoch();
        missesInRedis.clear();
        l1.invalidateAll();
        log.info("cache={} l1=flushed reason=\"{}\"", name, reason);
    }

    // ---- helpers

    private static Object notNull(String key, Object value) {
        if (value == null) {
            throw new IllegalArgumentException("value must not be null, key '" + key + "'");
        }
        return value;
    }

    private static void checkTtl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0, was " + ttl);
        }
    }

    /**
     * The tags of an entry under {@code key}: those given and, for a key of the conventional form
     * {@code type:id} or {@code type:id:...}, the entity {@code type:id}, so that
     * {@code invalidateEntity(type, id)} drops it on every node.
     */
    static EntityTag[] tags(String key, Collection<EntityTag> tags) {
        EntityTag own = keyTag(key);
        if (tags == null || tags.isEmpty()) {
            return own == null ? NO_TAGS : new EntityTag[] {own};
        }
        LinkedHashSet<EntityTag> all = new LinkedHashSet<>(tags);
        if (own != null) {
            all.add(own);
        }
        return all.toArray(NO_TAGS);
    }

    /**
     * The entity a conventional key names ({@code business:7} and {@code business:7:chart} name
     * {@code business:7}), or {@code null}; an id part with a space is no id.
     */
    static EntityTag keyTag(String key) {
        int colon = key.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
                return null;
            }
        }
        int end = key.indexOf(':', colon + 1);
        String id = end < 0 ? key.substring(colon + 1) : key.substring(colon + 1, end);
        // With a space it is no id (a response cache key, "http-response: /path?query"): a tag of its own
        // would cost a generation lookup on the key's first store and a remembered generation per key.
        return id.isEmpty() || id.indexOf(' ') >= 0 ? null : new EntityTag(key.substring(0, colon), id);
    }

    private static boolean jacksonPresent() {
        try {
            Class.forName("tools.jackson.dataformat.smile.SmileMapper", false, TieredCacheManager.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
