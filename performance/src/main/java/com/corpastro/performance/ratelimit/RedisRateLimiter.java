package com.corpastro.performance.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.ratelimit.internal.Buckets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * Token buckets shared by every node through Redis (Bucket4j's compare-and-swap protocol on
 * Lettuce). Keys are {@code <prefix><type>:<limit>/<period ms>:<key>} and expire once the bucket
 * would be full again. It connects on first use; every failure to reach Redis is thrown, so wrap
 * it in a {@link FallbackRateLimiter} to keep limiting locally while Redis is away.
 *
 * <p>Each key keeps one bucket proxy on this node (up to {@value #MAX_PROXIES}, dropped after
 * {@link #PROXY_IDLE} unused) with Bucket4j's batching optimization: while one check of a key
 * is on its way to Redis, the checks of that key arriving meanwhile wait and then go as one
 * compare-and-swap. The count stays exact; without the shared proxy every check would race the
 * others of its key, and under load the retried compare-and-swaps pile up into timeouts.
 *
 * <pre>{@code
 * RateLimiter limiter = new FallbackRateLimiter(
 *         RedisRateLimiter.create("redis://redis:6379", clock, Duration.ofMillis(250), "rl:"),
 *         new LocalRateLimiter(clock, 100_000), clock, Duration.ofSeconds(5));
 * }</pre>
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    /** The most bucket proxies kept on this node; a dropped one is rebuilt on its key's next check. */
    static final int MAX_PROXIES = 100_000;
    /** How long an unused bucket proxy is kept. */
    static final Duration PROXY_IDLE = Duration.ofMinutes(5);

    private final RedisClient client;
    private final boolean ownsClient;
    private final Clock clock;
    private final Duration requestTimeout;
    private final String prefix;
    private final ReentrantLock connecting = new ReentrantLock();
    /** The smallest limit whose buckets sync with Redis only every 1% of the limit. */
    static final long DELAYING_MIN_LIMIT = 200;
    /**
     * The longest a node keeps consumed tokens to itself before writing them to Redis. The 1% token
     * bound alone caps what the nodes can admit too many, so this only bounds how stale a node's view of
     * the others is. It was 250 ms, which made every check of a key used less than 4 times a second (a
     * typical per-user key) a round trip.
     */
    static final Duration MAX_UNSYNCED_TIME = Duration.ofSeconds(2);

    /**
     * Maintenance on the calling thread, as in {@link LocalRateLimiter}: with Caffeine's default executor
     * a hot key's lookups hand a drain to the common pool about every 16 calls, and waking its threads
     * cost a ping 3-6 µs of CPU (wrk, 64 connections on one key, README "Trivial endpoint").
     */
    private final Cache<String, Bucket> proxies = Caffeine.newBuilder().maximumSize(MAX_PROXIES)
            .expireAfterAccess(PROXY_IDLE).executor(Runnable::run).build();
    private volatile StatefulRedisConnection<byte[], byte[]> connection;
    private volatile ProxyManager<byte[]> buckets;

    /**
     * @param client         the Lettuce client to connect with
     * @param ownsClient     whether {@link #close()} shuts the client down too
     * @param clock          the clock of the buckets; nodes should agree on the time (NTP)
     * @param requestTimeout the longest wait for Redis
     * @param prefix         the prefix of every Redis key
     */
    public RedisRateLimiter(RedisClient client, boolean ownsClient, Clock clock, Duration requestTimeout,
            String prefix) {
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be > 0, was " + requestTimeout);
        }
        this.client = client;
        this.ownsClient = ownsClient;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.prefix = prefix;
    }

    /**
     * A limiter with its own client for {@code redisUrl} that fails fast: commands are refused
     * while disconnected and time out after {@code requestTimeout}.
     */
    public static RedisRateLimiter create(String redisUrl, Clock clock, Duration requestTimeout, String prefix) {
        RedisClient client = RedisClient.create(redisUrl);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(requestTimeout).build())
                .timeoutOptions(TimeoutOptions.enabled(requestTimeout))
                .build());
        return new RedisRateLimiter(client, true, clock, requestTimeout, prefix);
    }

    @Override
    public RateLimitDecision tryAcquire(EndpointPolicy policy, String key) {
        return tryAcquire(policy, key, 1);
    }

    @Override
    public RateLimitDecision tryAcquire(EndpointPolicy policy, String key, long tokens) {
        RateLimiter.requireTokens(tokens);
        ProxyManager<byte[]> manager = buckets();
        // The batching state lives in the proxy, so concurrent checks of one key must share it.
        Bucket bucket = proxies.get(prefix + Buckets.bucketKey(policy, key),
                redisKey -> manager.builder().withOptimization(optimization(policy))
                        .build(redisKey.getBytes(StandardCharsets.UTF_8), () -> Buckets.configuration(policy)));
        return Buckets.decision(bucket.tryConsumeAndReturnRemaining(tokens));
    }

    /**
     * Limits of at least {@value #DELAYING_MIN_LIMIT} a period let each node consume up to 1% of the
     * limit (or for up to {@link #MAX_UNSYNCED_TIME}) before it writes its count to Redis: a busy key
     * then costs a Redis round trip every few requests instead of every request, and all nodes
     * together can admit at most 1% of the limit per node too many. Smaller limits stay exact:
     * every check goes to Redis, with concurrent checks of one key batched into one round trip.
     */
    static Optimization optimization(EndpointPolicy policy) {
        long unsynced = policy.limit() / 100;
        return policy.limit() >= DELAYING_MIN_LIMIT
                ? Optimizations.delaying(new DelayParameters(unsynced, MAX_UNSYNCED_TIME))
                : Optimizations.batching();
    }

    private ProxyManager<byte[]> buckets() {
        ProxyManager<byte[]> current = buckets;
        if (current != null) {
            return current;
        }
        // A lock rather than synchronized, so a virtual thread waiting for the connection does not pin its carrier.
        connecting.lock();
        try {
            if (buckets == null) {
                StatefulRedisConnection<byte[], byte[]> opened = client.connect(ByteArrayCodec.INSTANCE);
                opened.setTimeout(requestTimeout);
                connection = opened;
                buckets = Bucket4jLettuce.casBasedBuilder(opened)
                        .clientClock(Buckets.timeMeter(clock))
                        .requestTimeout(requestTimeout)
                        .expirationAfterWrite(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                        .build();
            }
            return buckets;
        } finally {
            connecting.unlock();
        }
    }

    @Override
    public void close() {
        proxies.invalidateAll();
        StatefulRedisConnection<byte[], byte[]> open = connection;
        if (open != null) {
            open.close();
        }
        if (ownsClient) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
