package com.corpastro.performance.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** Builds a {@link TieredCacheManager}; every setter rejects a bad value with the value in the message. */
public final class TieredCacheBuilder {

    String name = "corp-astro";
    String namespace;
    long maximumWeight = 64L * 1024 * 1024;
    List<String> regionPrefixes = List.of();
    long regionMaximumWeight = 4L * 1024 * 1024;
    Duration maximumTtl = Duration.ofDays(1);
    Duration negativeTtl = Duration.ofSeconds(30);
    double ttlJitter = 0.1;
    Duration lockLease = Duration.ofSeconds(5);
    Duration fence = Duration.ofSeconds(30);
    Duration staleWhileRevalidate = Duration.ZERO;
    Duration redisMissTtl = Duration.ofSeconds(1);
    Duration commandTimeout = Duration.ofMillis(50);
    CircuitBreaker redisCircuitBreaker;
    Duration loadWait = Duration.ofSeconds(10);
    List<String> redisUris = List.of();
    boolean cluster;
    Ticker ticker;
    Clock clock = Clock.systemUTC();
    ClassLoader classLoader = TieredCacheManager.class.getClassLoader();
    InvalidationListener invalidationListener = InvalidationListener.NONE;

    TieredCacheBuilder() {
    }

    /** The cache's name in meters and logs, and the default Redis namespace ({@code ca:<name>}). */
    public TieredCacheBuilder name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        this.name = name;
        return this;
    }

    /** The prefix of every Redis key and of the invalidation channel; nodes sharing a cache share it. */
    public TieredCacheBuilder namespace(String namespace) {
        new RedisKeys(namespace);
        this.namespace = namespace;
        return this;
    }

    /** The most bytes (estimated) the in-process level holds before evicting. */
    public TieredCacheBuilder maximumWeight(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("maximumWeight must be > 0 bytes, was " + bytes);
        }
        this.maximumWeight = bytes;
        return this;
    }

    /**
     * Keeps the L1 entries of keys starting with one of {@code keyPrefixes} in a region of their own, bounded
     * by {@code maximumWeight} bytes apart from {@link #maximumWeight(long)}, so the other entries never evict
     * them: for small entries read on every request (an API token's user) beside large ones (stored
     * responses). No prefixes (the default) means one region.
     */
    public TieredCacheBuilder region(Collection<String> keyPrefixes, long maximumWeight) {
        if (keyPrefixes == null || keyPrefixes.stream().anyMatch(prefix -> prefix == null || prefix.isEmpty())) {
            throw new IllegalArgumentException("region key prefixes must not be null or empty, were " + keyPrefixes);
        }
        if (maximumWeight <= 0) {
            throw new IllegalArgumentException("region maximumWeight must be > 0 bytes, was " + maximumWeight);
        }
        this.regionPrefixes = List.copyOf(keyPrefixes);
        this.regionMaximumWeight = maximumWeight;
        return this;
    }

    /** The longest TTL an entry gets; longer TTLs are shortened to it. */
    public TieredCacheBuilder maximumTtl(Duration maximumTtl) {
        this.maximumTtl = positive("maximumTtl", maximumTtl);
        return this;
    }

    /** How long a "not found" stays cached (at most the call's TTL). */
    public TieredCacheBuilder negativeTtl(Duration negativeTtl) {
        this.negativeTtl = positive("negativeTtl", negativeTtl);
        return this;
    }

    /** Fraction (0 to 0.5) of each TTL taken off at random, so entries written together expire apart. */
    public TieredCacheBuilder ttlJitter(double ttlJitter) {
        if (!(ttlJitter >= 0 && ttlJitter <= 0.5)) {
            throw new IllegalArgumentException("ttlJitter must be between 0 and 0.5, was " + ttlJitter);
        }
        this.ttlJitter = ttlJitter;
        return this;
    }

    /** How long a node may hold the cross-node lease on loading a key before others load too. */
    public TieredCacheBuilder lockLease(Duration lockLease) {
        this.lockLease = positive("lockLease", lockLease);
        return this;
    }

    /** How long a set or delete keeps loads that began before it from writing their value. */
    public TieredCacheBuilder fence(Duration fence) {
        this.fence = positive("fence", fence);
        return this;
    }

    /**
     * How long after an L1 entry expired {@code getOrSet} may still return it to callers while
     * another caller on this node reloads the key; {@link Duration#ZERO} (the default) turns it off.
     */
    public TieredCacheBuilder staleWhileRevalidate(Duration staleWhileRevalidate) {
        if (staleWhileRevalidate == null || staleWhileRevalidate.isNegative()) {
            throw new IllegalArgumentException("staleWhileRevalidate must be >= 0, was " + staleWhileRevalidate);
        }
        this.staleWhileRevalidate = staleWhileRevalidate;
        return this;
    }

    /**
     * How long {@code get} remembers that a key was in neither level, answering "absent" again without
     * asking Redis (at most 10,000 keys); {@link Duration#ZERO} turns it off. A change of the key on any
     * node ends it at once; a miss-fill on another node is seen after it. 1 s by default.
     */
    public TieredCacheBuilder redisMissTtl(Duration redisMissTtl) {
        if (redisMissTtl == null || redisMissTtl.isNegative()) {
            throw new IllegalArgumentException("redisMissTtl must be >= 0, was " + redisMissTtl);
        }
        this.redisMissTtl = redisMissTtl;
        return this;
    }

    /** The longest wait for one Redis command before the call goes on without Redis. */
    public TieredCacheBuilder commandTimeout(Duration commandTimeout) {
        this.commandTimeout = positive("commandTimeout", commandTimeout);
        return this;
    }

    /**
     * The circuit breaker every Redis command passes: past its failure rate the cache runs on L1
     * only, without waiting for Redis, until a trial command (a background PING) succeeds; then
     * L1 is flushed (invalidations may have been missed) and L2 is used again. By default one
     * named {@code redis}: 10 commands, 50%, 1 s open, 1 trial.
     */
    public TieredCacheBuilder redisCircuitBreaker(CircuitBreaker circuitBreaker) {
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
    public TieredCacheBuilder loadWait(Duration loadWait) {
        this.loadWait = positive("loadWait", loadWait);
        return this;
    }

    /** Uses the Redis server at {@code url} ({@code redis://[user:password@]host:port[/database]}, or {@code rediss://}). */
    public TieredCacheBuilder redis(String url) {
        this.redisUris = List.of(url(url));
        this.cluster = false;
        return this;
    }

    /** Uses the Redis Cluster reachable through {@code nodes} ({@code host:port} or redis URLs). */
    public TieredCacheBuilder redisCluster(Collection<String> nodes) {
        if (nodes == null || nodes.isEmpty()) {
            throw new IllegalArgumentException("redis cluster nodes must not be empty, was " + nodes);
        }
        this.redisUris = nodes.stream().map(TieredCacheBuilder::url).toList();
        this.cluster = true;
        return this;
    }

    /**
     * The L1 time source, so tests can move time instead of sleeping. By default a clock
     * refreshed every millisecond by a daemon thread that {@link TieredCacheManager#close()} stops.
     */
    public TieredCacheBuilder ticker(Ticker ticker) {
        if (ticker == null) {
            throw new IllegalArgumentException("ticker must not be null");
        }
        this.ticker = ticker;
        return this;
    }

    /** The wall clock stamped into Redis entries. */
    public TieredCacheBuilder clock(Clock clock) {
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        this.clock = clock;
        return this;
    }

    /** Where the classes of cached values are loaded from when read back from Redis. */
    public TieredCacheBuilder classLoader(ClassLoader classLoader) {
        if (classLoader == null) {
            throw new IllegalArgumentException("classLoader must not be null");
        }
        this.classLoader = classLoader;
        return this;
    }

    /**
     * Told of every {@code invalidateEntity} in the caller's thread and transaction, before the
     * invalidation itself (which waits for the commit); none by default.
     */
    public TieredCacheBuilder invalidationListener(InvalidationListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("invalidationListener must not be null");
        }
        this.invalidationListener = listener;
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
