package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.corpastro.testing.EmbeddedRedisServer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/** Two cache instances standing for two backend nodes on one real Redis. */
class TieredCacheManagerRedisTest extends RedisNodes {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final List<EntityTag> BUSINESS_7 = List.of(EntityTag.of("business", 7));
    /** How long a test waits for its threads to start and for a held loader to be released. */
    private static final int RELEASE_WAIT_SECONDS = 30;

    @Test
    void valueLoadedOnOneNodeIsAnL2HitOnTheOther() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        Business loaded = a.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> Business.named(7, "Orion"));

        Optional<Business> fromB = b.get("business:7", Business.class);

        assertThat(fromB).contains(loaded);
        assertThat(b.stats().l1Misses()).isEqualTo(1);
        assertThat(b.stats().l2Hits()).isEqualTo(1);
        assertThat(b.stats().hits()).isEqualTo(1);
        // Promoted to B's L1: the next read does not reach Redis.
        assertThat(b.get("business:7", Business.class)).contains(loaded);
        assertThat(b.stats().l1Hits()).isEqualTo(1);
    }

    @Test
    void invalidateEntityOnOneNodeRemovesTheEntryOnTheOtherWithinOneSecond() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        a.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> Business.named(7, "Orion"));
        assertThat(b.get("business:7", Business.class)).isPresent();

        a.invalidateEntity("business", 7);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> b.get("business:7", Business.class).isEmpty());
        assertThat(a.get("business:7", Business.class)).isEmpty();
        assertThat(b.stats().invalidationsReceived()).isEqualTo(1);
        assertThat(a.stats().invalidationsSent()).isEqualTo(1);
    }

    @Test
    void fillStoresOnBothLevelsWithoutTellingOtherNodesAndStillFallsWithItsEntity() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        b.fill("last-good:7", Business.named(7, "Orion"), TTL, BUSINESS_7);
        assertThat(b.get("last-good:7", Business.class)).contains(Business.named(7, "Orion"));

        a.fill("last-good:7", Business.named(7, "Orion Two"), TTL, BUSINESS_7);

        assertThat(a.stats().invalidationsSent()).isZero();
        assertThat(a.get("last-good:7", Business.class)).contains(Business.named(7, "Orion Two"));
        assertThat(a.stats().l1Hits()).isEqualTo(1);
        // B keeps its own copy, as good as A's: no broadcast for a fill.
        assertThat(b.get("last-good:7", Business.class)).contains(Business.named(7, "Orion"));
        assertThat(b.stats().invalidationsReceived()).isZero();
        b.evictLocal("last-good:7");
        assertThat(b.get("last-good:7", Business.class)).contains(Business.named(7, "Orion Two"));

        a.invalidateEntity("business", 7);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> b.get("last-good:7", Business.class).isEmpty());
        assertThat(a.get("last-good:7", Business.class)).isEmpty();
    }

    @Test
    void aMarkedFillIsNotStoredAfterAnotherNodeInvalidatedItsEntityNorWithAGenerationItOnlyJustLearned() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        a.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> Business.named(7, "Orion"));
        b.get("business:7", Business.class); // b now knows business:7's generation
        long mark = b.invalidationMark();

        a.invalidateEntity("business", 7);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> b.stats().invalidationsReceived() == 1);

        assertThat(b.fill("response:7", "built before the change", TTL, BUSINESS_7, mark)).isFalse();
        assertThat(b.get("response:7", String.class)).isEmpty();
        assertThat(a.get("response:7", String.class)).isEmpty();
        assertThat(b.fill("response:7", "built after it", TTL, BUSINESS_7, b.invalidationMark())).isTrue();
        assertThat(a.get("response:7", String.class)).contains("built after it");

        // A tag this node never saw that was invalidated: what Redis holds now may already be a change's generation.
        a.invalidateEntity("business", 8);
        TieredCacheManager c = node(redis.url());
        List<EntityTag> business8 = List.of(EntityTag.of("business", 8));
        assertThat(c.fill("response:8", "first", TTL, business8, c.invalidationMark())).isFalse();
        assertThat(c.fill("response:8", "second", TTL, business8, c.invalidationMark())).isTrue();
        assertThat(c.get("response:8", String.class)).contains("second");
    }

    @Test
    void aMarkedFillWithATagNeverInvalidatedIsStoredTheFirstTimeEvenWhereTheTagIsUnknown() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        List<EntityTag> business9 = List.of(EntityTag.of("business", 9));

        // Neither node knows business:9 nor the key's own tag (response:9): Redis has no generation of either.
        assertThat(b.fill("response:9", "first", TTL, business9, b.invalidationMark())).isTrue();

        assertThat(a.get("response:9", String.class)).contains("first");
        assertThat(a.stats().l2Hits()).isEqualTo(1);
        // Stored with generation 0, it still falls with its entity on every node.
        b.invalidateEntity("business", 9);
        assertThat(b.get("response:9", String.class)).isEmpty();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> a.get("response:9", String.class).isEmpty());
    }

    @Test
    void aMarkedFillWithAnUnknownTagIsNotStoredWhenTheTagIsInvalidatedWhileItIsBuilt() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        List<EntityTag> business10 = List.of(EntityTag.of("business", 10));
        long mark = b.invalidationMark();

        // Invalidated on A after B's mark (B has not heard of it yet, or has: either way it must not store).
        a.invalidateEntity("business", 10);

        assertThat(b.fill("response:10", "built before the change", TTL, business10, mark)).isFalse();
        assertThat(a.get("response:10", String.class)).isEmpty();
    }

    @Test
    void setAndDeleteOnOneNodeReachTheOtherNodesL1() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        a.set("greeting", "hello", TTL);
        assertThat(b.get("greeting", String.class)).contains("hello");

        a.set("greeting", "bonjour", TTL);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> b.get("greeting", String.class).equals(Optional.of("bonjour")));

        a.delete("greeting");
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> b.get("greeting", String.class).isEmpty());
    }

    @Test
    void nodeCutOffWhileAnEntityChangedDoesNotServeTheOldValueAfterItReconnects() {
        try (TcpProxy proxy = new TcpProxy(redis.port())) {
            TieredCacheManager a = node(redis.url());
            TieredCacheManager b = node(proxy.url());
            a.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> Business.named(7, "Orion"));
            assertThat(b.get("business:7", Business.class)).isPresent();

            proxy.cut();
            await().atMost(Duration.ofSeconds(5)).until(() -> !b.isRedisAvailable());
            a.invalidateEntity("business", 7);
            a.set("business:7", Business.named(7, "Orion Renamed"), TTL, BUSINESS_7);
            proxy.restore();

            await().atMost(Duration.ofSeconds(10)).until(b::isRedisAvailable);
            assertThat(b.get("business:7", Business.class)).map(Business::name).contains("Orion Renamed");
        }
    }

    @Test
    void twoHundredConcurrentCallsForOneColdKeyAcrossTwoNodesRunTheLoaderOnce() throws Exception {
        // The loader runs until all 200 calls have started, which took over 5 s at a load average of 30:
        // the lease and the command timeout must outlast that, or a node rightly loads by itself.
        TieredCacheManager a = node(redis.url(), Duration.ofSeconds(60), Duration.ofSeconds(5));
        TieredCacheManager b = node(redis.url(), Duration.ofSeconds(60), Duration.ofSeconds(5));
        AtomicInteger loaderRuns = new AtomicInteger();
        CountDownLatch allStarted = new CountDownLatch(200);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(200);
        try {
            List<Future<Business>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                TieredCacheManager node = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    allStarted.countDown();
                    return node.getOrSet("business:9", Business.class, TTL, List.of(EntityTag.of("business", 9)), () -> {
                        loaderRuns.incrementAndGet();
                        awaitRelease(release);
                        return Business.named(9, "Vega");
                    });
                }));
            }
            assertThat(allStarted.await(RELEASE_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<Business> result : results) {
                assertThat(result.get(RELEASE_WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(Business.named(9, "Vega"));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loaderRuns).hasValue(1);
    }

    @Test
    void loadRunningDuringAnInvalidationDoesNotWriteItsOldValueBack() throws Exception {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Business> old = pool.submit(() -> a.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> {
                loading.countDown();
                awaitRelease(release);
                return Business.named(7, "before the change");
            }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            b.invalidateEntity("business", 7);
            await().atMost(Duration.ofSeconds(1)).until(() -> a.stats().invalidationsReceived() == 1);
            release.countDown();
            assertThat(old.get(5, TimeUnit.SECONDS).name()).isEqualTo("before the change");
        } finally {
            pool.shutdownNow();
        }

        assertThat(a.get("business:7", Business.class)).isEmpty();
        assertThat(b.get("business:7", Business.class)).isEmpty();
    }

    @Test
    void entryWrittenByAnIncompatibleVersionReadsAsAMissAndIsOverwritten() {
        TieredCacheManager a = node(redis.url());
        rawConnection.sync().set(namespace + ":{business:7}v", "written by version 0");

        Business loaded = a.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> Business.named(7, "Orion"));

        assertThat(loaded.name()).isEqualTo("Orion");
        assertThat(rawConnection.sync().get(namespace + ":{business:7}v")).isNotEqualTo("written by version 0");
        TieredCacheManager b = node(redis.url());
        assertThat(b.get("business:7", Business.class)).contains(loaded);
    }

    @Test
    void keysWithAnyCharactersStayInsideTheNamespace() {
        TieredCacheManager a = node(redis.url());
        String key = "content:{user}:αβγ \r\n*3 " + "x".repeat(300);
        a.set(key, "value", TTL);

        assertThat(node(redis.url()).get(key, String.class)).contains("value");
        assertThat(rawConnection.sync().keys("*").stream().filter(k -> !k.startsWith("test")))
                .allMatch(k -> !k.contains("value"));
        assertThat(rawConnection.sync().keys(namespace + ":*")).hasSize(1)
                .allSatisfy(k -> assertThat(k.getBytes(StandardCharsets.UTF_8).length).isLessThan(100));
    }

    @Test
    void notFoundIsCachedOnEveryNodeForTheNegativeTtl() {
        TieredCacheManager a = node(redis.url());
        TieredCacheManager b = node(redis.url());
        AtomicInteger loaderRuns = new AtomicInteger();

        Optional<Business> first = a.getOrSetOptional("business:404", Business.class, TTL, List.of(), () -> {
            loaderRuns.incrementAndGet();
            return Optional.empty();
        });
        Optional<Business> second = b.getOrSetOptional("business:404", Business.class, TTL, List.of(), () -> {
            loaderRuns.incrementAndGet();
            return Optional.empty();
        });

        assertThat(first).isEmpty();
        assertThat(second).isEmpty();
        assertThat(loaderRuns).hasValue(1);
        long pttl = rawConnection.sync().pttl(namespace + ":{business:404}v");
        assertThat(pttl).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30).toMillis());
    }

    @Test
    void everyCallSucceedsWithRedisStoppedAndL2IsUsedAgainAfterItRestarts() {
        try (EmbeddedRedisServer own = EmbeddedRedisServer.start()) {
            TieredCacheManager a = node(own.url());
            TieredCacheManager b = node(own.url());
            a.set("before", "1", TTL);

            own.stop();
            for (int i = 0; i < 20; i++) {
                String key = "during:" + i;
                int value = i;
                assertThat(a.getOrSet(key, String.class, () -> "v" + value, TTL)).isEqualTo("v" + i);
                assertThat(b.getOrSet(key, String.class, () -> "v" + value, TTL)).isEqualTo("v" + i);
                a.invalidateEntity("business", i);
                b.set("written-during", "x", TTL);
                b.delete("written-during");
            }
            assertThat(a.get("before", String.class)).contains("1");
            assertThat(a.isRedisAvailable()).isFalse();
            assertThat(a.stats().l2Errors()).isPositive();

            own.restart();
            await().atMost(Duration.ofSeconds(10)).until(() -> a.isRedisAvailable() && b.isRedisAvailable());
            a.set("after", "2", TTL);
            assertThat(b.get("after", String.class)).contains("2");
            assertThat(b.stats().l2Hits()).isPositive();
        }
    }

    @Test
    void nodeStartedWhileRedisIsDownRunsL1OnlyAndUsesRedisOnceItIsUp() {
        try (EmbeddedRedisServer own = EmbeddedRedisServer.start()) {
            own.stop();
            TieredCacheManager a = node(own.url());
            assertThat(a.isRedisAvailable()).isFalse();
            assertThat(a.getOrSet("k", String.class, () -> "loaded while down", TTL)).isEqualTo("loaded while down");
            assertThat(a.get("k", String.class)).contains("loaded while down");

            own.restart();
            await().atMost(Duration.ofSeconds(10)).until(a::isRedisAvailable);
            // L1 was flushed: it may have missed invalidations while Redis was away.
            assertThat(a.get("k", String.class)).isEmpty();
            a.set("k", "shared", TTL);
            assertThat(node(own.url()).get("k", String.class)).contains("shared");
        }
    }

    @Test
    void aHungRedisOpensTheCircuitSoCallsStopWaitingAndL2ComesBackAfterItAnswersAgain() {
        try (EmbeddedRedisServer own = EmbeddedRedisServer.start()) {
            CircuitBreaker breaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                    .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(4)
                    .minimumNumberOfCalls(4).waitDurationInOpenState(Duration.ofMillis(300))
                    .permittedNumberOfCallsInHalfOpenState(1).build());
            TieredCacheManager a = TieredCacheManager.builder().name("test").namespace(namespace).redis(own.url())
                    .commandTimeout(Duration.ofMillis(100)).redisCircuitBreaker(breaker).build();
            closeables.add(a);
            a.set("before", "1", TTL);

            own.pause();
            try {
                // Connections stay open and nothing answers: only command timeouts say Redis is gone.
                for (int i = 0; i < 4; i++) {
                    assertThat(a.get("unknown:" + i, String.class)).isEmpty();
                }
                assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
                assertThat(a.isRedisAvailable()).isFalse();
                long errors = a.stats().l2Errors();
                for (int i = 0; i < 20; i++) {
                    assertThat(a.getOrSet("during:" + i, String.class, () -> "loaded", TTL)).isEqualTo("loaded");
                }
                assertThat(a.get("before", String.class)).contains("1");
                assertThat(a.stats().l2Errors()).as("no command waited for the hung Redis").isEqualTo(errors);
            } finally {
                own.resume();
            }

            await().atMost(Duration.ofSeconds(5)).until(a::isRedisAvailable);
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            a.set("after", "2", TTL);
            assertThat(node(own.url()).get("after", String.class)).contains("2");
        }
    }

    private TieredCacheManager node(String url) {
        return node(url, Duration.ofSeconds(5), Duration.ofMillis(500));
    }

    private TieredCacheManager node(String url, Duration lockLease, Duration commandTimeout) {
        TieredCacheManager node = TieredCacheManager.builder()
                .name("test")
                .namespace(namespace)
                .redis(url)
                .lockLease(lockLease)
                .commandTimeout(commandTimeout)
                // These nodes read each other's fills at once; remembered misses: TypedValuesRedisTest.
                .redisMissTtl(Duration.ZERO)
                .build();
        closeables.add(node);
        return node;
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            if (!latch.await(RELEASE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
