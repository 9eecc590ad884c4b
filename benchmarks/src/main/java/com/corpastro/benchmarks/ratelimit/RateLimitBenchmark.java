package com.corpastro.benchmarks.ratelimit;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.ratelimit.FallbackRateLimiter;
import com.corpastro.performance.ratelimit.LocalRateLimiter;
import com.corpastro.performance.ratelimit.RateLimitDecision;
import com.corpastro.performance.ratelimit.RateLimiter;
import com.corpastro.performance.ratelimit.RedisRateLimiter;
import com.corpastro.testing.EmbeddedRedisServer;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * One rate-limit check, the way the HTTP layer makes it for every request, next to the raw Bucket4j
 * call it builds on, with the same bucket (capacity and greedy refill of 10^9 tokens a minute, so
 * that no side ever runs empty):
 *
 * <ul>
 * <li>{@code localRateLimiter} ({@link LocalRateLimiter#tryAcquire}: bucket key, Caffeine lookup,
 * {@code tryConsumeAndReturnRemaining}, decision) next to {@code rawBucket4j} ({@code bucket.tryConsume(1)}
 * on a bucket held in a field);</li>
 * <li>{@code redisRateLimiter} (as the auto-configuration wires it: a {@link FallbackRateLimiter} over a
 * {@link RedisRateLimiter}; its fallback here throws, so a run that lost Redis fails instead of
 * quietly measuring local buckets) next to {@code rawBucket4jLettuce} (a bucket4j-lettuce proxy built
 * once, {@code tryConsume(1)}), on one embedded Redis.</li>
 * </ul>
 *
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RateLimitBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RateLimitBenchmark {

    private static final long LIMIT = 1_000_000_000L;
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final EndpointPolicy POLICY =
            new EndpointPolicy("content", LIMIT, PERIOD, EndpointPolicy.RateLimitKey.USER, null);
    private static final String KEY = "user:4f1c2a";

    private RateLimiter local;
    private Bucket rawBucket;

    private EmbeddedRedisServer redis;
    private FallbackRateLimiter shared;
    private RedisClient rawClient;
    private StatefulRedisConnection<byte[], byte[]> rawConnection;
    private BucketProxy rawProxy;

    @Setup(Level.Trial)
    public void setUp() {
        local = new LocalRateLimiter(Clock.systemUTC(), 100_000);
        rawBucket = Bucket.builder().addLimit(bandwidth()).build();

        redis = EmbeddedRedisServer.start();
        RateLimiter noFallback = (policy, key) -> {
            throw new IllegalStateException("Redis was unreachable; the benchmark would measure local buckets");
        };
        // A 1 s timeout, so a scheduling stall on a busy machine does not fail the run.
        shared = new FallbackRateLimiter(
                RedisRateLimiter.create(redis.url(), Clock.systemUTC(), Duration.ofSeconds(1), "rl:"),
                noFallback, Clock.systemUTC(), Duration.ofSeconds(5));

        rawClient = RedisClient.create(redis.url());
        rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
        ProxyManager<byte[]> rawBuckets = Bucket4jLettuce.casBasedBuilder(rawConnection)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder().addLimit(bandwidth()).build();
        rawProxy = rawBuckets.builder().build("raw:bucket".getBytes(StandardCharsets.UTF_8), () -> configuration);

        if (!redisRateLimiter().allowed() || !rawBucket4jLettuce()) {
            throw new IllegalStateException("a bucket refused the first token");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        shared.close();
        rawConnection.close();
        rawClient.shutdown();
        redis.close();
    }

    /** The same bucket on both sides: capacity and greedy refill of {@link #LIMIT} per {@link #PERIOD}. */
    private static Bandwidth bandwidth() {
        return Bandwidth.builder().capacity(LIMIT).refillGreedy(LIMIT, PERIOD).initialTokens(LIMIT).build();
    }

    @Benchmark
    public RateLimitDecision localRateLimiter() {
        return local.tryAcquire(POLICY, KEY);
    }

    @Benchmark
    public boolean rawBucket4j() {
        return rawBucket.tryConsume(1);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public RateLimitDecision redisRateLimiter() {
        return shared.tryAcquire(POLICY, KEY);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean rawBucket4jLettuce() {
        return rawProxy.tryConsume(1);
    }
}
