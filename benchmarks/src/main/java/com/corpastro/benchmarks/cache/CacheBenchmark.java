package com.corpastro.benchmarks.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.cache.TypeRef;
import com.corpastro.testing.EmbeddedRedisServer;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * The application cache's hits next to the raw library calls they build on, on one embedded Redis:
 *
 * <ul>
 * <li>{@code l1Hit} ({@code TieredCacheManager.get} answered by L1, entry tagged with an entity) next to
 * three raw Caffeine caches, from the plainest to the one with what the L1 offers:
 * {@code rawCaffeineGetIfPresent} (size bound only, no expiry), {@code rawCaffeineGetIfPresentFixedTtl}
 * (weigher and one TTL for every entry) and {@code rawCaffeineGetIfPresentPerEntryTtl} (weigher and
 * Caffeine's own per-entry expiry). The two expiring ones read a clock that a thread advances every 10 ms,
 * like the L1's, so that what they measure is Caffeine and not {@code System.nanoTime()};</li>
 * <li>{@code l2Hit} (L1 copy dropped, then {@code get}: Redis GET, envelope and Smile decode, generation
 * check, promotion to L1) next to {@code rawLettuceGet} (a Lettuce sync GET of the same key's bytes, so the
 * same value size, on the same Redis). Both are sampled, so the run also prints their medians
 * ({@code p0.50}), which a busy machine's scheduling stalls move much less than the mean. The set-up checks
 * that an L2 hit costs exactly one Redis command, like the raw GET.</li>
 * </ul>
 *
 * Targets: l1Hit at most 1.5x a raw Caffeine getIfPresent, l2Hit at most 1.3x rawLettuceGet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CacheBenchmark {

    /** A value shaped like the backend's business record. */
    public record Business(long id, long ownerId, String name, Instant foundedAt, double latitude, double longitude,
            Map<String, Double> chart) {
    }

    private static final String KEY = "business:7";
    private static final String LIST_KEY = "business-list:42";
    private static final TypeRef<List<Business>> BUSINESSES = new TypeRef<>() {};
    private static final Business VALUE = new Business(7, 42, "Orion Consulting", Instant.parse("2001-02-03T04:05:06Z"),
            51.5072, -0.1276, Map.of("sun", 123.4, "moon", 5.6, "mercury", 110.2, "venus", 140.9));

    private EmbeddedRedisServer redis;
    private TieredCacheManager cache;
    private Cache<String, Object> rawCaffeinePerEntryTtl;
    private Cache<String, Object> rawCaffeineFixedTtl;
    private Cache<String, Object> rawCaffeine;
    private ScheduledExecutorService clockThread;
    private volatile long coarseNanos = System.nanoTime();

    private RedisClient rawClient;
    private StatefulRedisConnection<byte[], byte[]> rawConnection;
    private RedisCommands<byte[], byte[]> rawCommands;
    private byte[] rawKey;

    @Setup(Level.Trial)
    public void setUp() {
        redis = EmbeddedRedisServer.start();
        // A 1 s command timeout so a scheduling stall on a busy machine does not switch the cache to L1-only mid-run.
        cache = TieredCacheManager.builder().name("bench").redis(redis.url()).ttlJitter(0)
                .commandTimeout(Duration.ofSeconds(1)).build();
        cache.set(KEY, VALUE, Duration.ofHours(1), List.of(EntityTag.of("business", 7)));
        cache.set(LIST_KEY, List.of(VALUE, VALUE, VALUE), Duration.ofHours(1), List.of());

        clockThread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bench-coarse-clock");
            thread.setDaemon(true);
            return thread;
        });
        clockThread.scheduleAtFixedRate(() -> coarseNanos = System.nanoTime(), 10, 10, TimeUnit.MILLISECONDS);
        Ticker coarse = () -> coarseNanos;
        rawCaffeinePerEntryTtl = Caffeine.newBuilder()
                .maximumWeight(64L * 1024 * 1024)
                .weigher((String key, Object value) -> 512)
                .expireAfter(Expiry.<String, Object>writing((key, value) -> Duration.ofHours(1)))
                .ticker(coarse)
                .executor(Runnable::run)
                .build();
        rawCaffeinePerEntryTtl.put(KEY, VALUE);
        rawCaffeineFixedTtl = Caffeine.newBuilder()
                .maximumWeight(64L * 1024 * 1024)
                .weigher((String key, Object value) -> 512)
                .expireAfterWrite(Duration.ofHours(1))
                .ticker(coarse)
                .executor(Runnable::run)
                .build();
        rawCaffeineFixedTtl.put(KEY, VALUE);
        rawCaffeine = Caffeine.newBuilder().maximumSize(10_000).build();
        rawCaffeine.put(KEY, VALUE);

        rawClient = RedisClient.create(redis.url());
        rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
        rawCommands = rawConnection.sync();
        rawKey = "ca:bench:{business:7}v".getBytes(StandardCharsets.UTF_8);
        if (rawCommands.get(rawKey) == null) {
            throw new IllegalStateException("the cache did not write " + new String(rawKey, StandardCharsets.UTF_8));
        }
        cache.evictLocal(KEY);
        if (cache.get(KEY, Business.class).isEmpty()) {
            throw new IllegalStateException("no L2 hit in set-up");
        }
        Map<String, Long> before = commandCalls();
        for (int i = 0; i < 100; i++) {
            l2Hit();
        }
        Map<String, Long> after = commandCalls();
        after.replaceAll((command, calls) -> calls - before.getOrDefault(command, 0L));
        after.values().removeIf(calls -> calls == 0);
        if (!after.equals(Map.of("get", 100L))) {
            throw new IllegalStateException("100 L2 hits should send 100 GETs and nothing else, sent " + after);
        }
    }

    /** Redis's count of calls per command since it started, without the INFO that asks. */
    private Map<String, Long> commandCalls() {
        Map<String, Long> calls = new java.util.HashMap<>();
        for (String line : rawCommands.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info:")) {
                int colon = line.indexOf(':');
                int end = line.indexOf(',', colon);
                calls.put(line.substring("cmdstat_".length(), colon),
                        Long.parseLong(line.substring(line.indexOf("calls=", colon) + "calls=".length(), end)));
            }
        }
        return calls;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        clockThread.shutdownNow();
        rawConnection.close();
        rawClient.shutdown();
        cache.close();
        redis.close();
    }

    @Benchmark
    public Object l1Hit() {
        return cache.get(KEY, Business.class).orElseThrow();
    }

    @Benchmark
    public Object rawCaffeineGetIfPresent() {
        return rawCaffeine.getIfPresent(KEY);
    }

    @Benchmark
    public Object rawCaffeineGetIfPresentFixedTtl() {
        return rawCaffeineFixedTtl.getIfPresent(KEY);
    }

    @Benchmark
    public Object rawCaffeineGetIfPresentPerEntryTtl() {
        return rawCaffeinePerEntryTtl.getIfPresent(KEY);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object l2Hit() {
        cache.evictLocal(KEY);
        return cache.get(KEY, Business.class).orElseThrow();
    }

    /** An L2 hit of a {@code List<Business>} of three, read back as that type (the element type kept in Redis). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object l2HitTypedList() {
        cache.evictLocal(LIST_KEY);
        return cache.get(LIST_KEY, BUSINESSES).orElseThrow();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object rawLettuceGet() {
        return rawCommands.get(rawKey);
    }
}
