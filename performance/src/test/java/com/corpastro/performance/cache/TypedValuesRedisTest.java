package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;


/**
 * Typed values, entity invalidation by key and remembered Redis misses, through a real Redis with two
 * cache instances standing for two nodes.
 */
class TypedValuesRedisTest extends RedisNodes {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final TypeRef<List<Business>> BUSINESSES = new TypeRef<>() {};
    private static final TypeRef<List<String>> NAMES = new TypeRef<>() {};
    private static final TypeRef<Map<String, Business>> BY_NAME = new TypeRef<>() {};
    private static final TypeRef<Optional<Business>> MAYBE = new TypeRef<>() {};

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void listOfRecordsLoadedOnOneNodeIsAListOfRecordsOnTheOther() {
        TieredCacheManager a = node();
        TieredCacheManager b = node();
        List<Business> loaded = a.getOrSet("business-list:42", BUSINESSES, TTL, List.of(),
                () -> List.of(Business.named(1, "Orion"), Business.named(2, "Lyra")));

        List<Business> fromB = b.getOrSet("business-list:42", BUSINESSES, TTL, List.of(), () -> {
            throw new AssertionError("B must read A's value from Redis");
        });

        assertThat(fromB).isEqualTo(loaded);
        assertThat(fromB.get(0)).isInstanceOf(Business.class);
        assertThat(b.stats().l2Hits()).isEqualTo(1);
    }

    @Test
    void collectionsStoredWithoutATypeReadBackWithTheTypeTheirContentsShow() {
        TieredCacheManager a = node();
        TieredCacheManager b = node();
        List<Business> list = List.of(Business.named(1, "Orion"));
        Map<String, Business> map = Map.of("Orion", Business.named(1, "Orion"));
        a.set("untyped:list", list, TTL);
        a.set("untyped:map", map, TTL);
        a.set("untyped:optional", Optional.of(Business.named(3, "Vega")), TTL);

        assertThat(b.get("untyped:list", Object.class)).contains(list);
        assertThat(b.get("untyped:map", BY_NAME)).contains(map);
        assertThat(b.get("untyped:optional", MAYBE)).contains(Optional.of(Business.named(3, "Vega")));
        assertThat(((List<?>) b.get("untyped:list", List.class).orElseThrow()).get(0)).isInstanceOf(Business.class);
    }

    @Test
    void mapsAndOptionalsRoundTripUnderTheirTypes() {
        TieredCacheManager a = node();
        TieredCacheManager b = node();
        Map<String, Business> map = Map.of("Orion", Business.named(1, "Orion"), "Lyra", Business.named(2, "Lyra"));
        a.getOrSet("typed:map", BY_NAME, TTL, List.of(), () -> map);
        a.getOrSet("typed:some", MAYBE, TTL, List.of(), () -> Optional.of(Business.named(3, "Vega")));
        a.getOrSet("typed:none", MAYBE, TTL, List.of(), Optional::empty);
        a.getOrSet("typed:empty", BUSINESSES, TTL, List.of(), List::of);

        assertThat(b.get("typed:map", BY_NAME)).contains(map);
        assertThat(b.get("typed:some", MAYBE)).contains(Optional.of(Business.named(3, "Vega")));
        assertThat(b.get("typed:none", MAYBE)).contains(Optional.empty());
        assertThat(b.get("typed:empty", BUSINESSES)).contains(List.of());
        assertThat(b.stats().l2Hits()).isEqualTo(4);
    }

    @Test
    void valueOfAnotherTypeIsAMissAndCountedNeverAClassCastException() throws Exception {
        TieredCacheManager a = node();
        TieredCacheManager b = node();
        a.getOrSet("mixed:1", BUSINESSES, TTL, List.of(), () -> List.of(Business.named(1, "Orion")));

        assertThat(b.get("mixed:1", NAMES)).isEmpty();
        assertThat(b.stats().l2Undecodable()).isEqualTo(1);
        assertThat(b.stats().l2Misses()).isEqualTo(1);
        // The other type's loader runs and its value replaces the entry; no element is ever the wrong class.
        List<String> names = b.getOrSet("mixed:1", NAMES, TTL, List.of(), () -> List.of("Orion"));
        assertThat(names).containsExactly("Orion");
        Callable<String> first = () -> b.getOrSet("mixed:1", NAMES, TTL, List.of(), () -> List.of("again")).get(0);
        assertThat(first.call()).isEqualTo("Orion");
    }

    @Test
    void inL1AValueStoredUnderOneGenericTypeIsAMissForAnother() {
        TieredCacheManager a = node();
        a.getOrSet("l1:1", BUSINESSES, TTL, List.of(), () -> List.of(Business.named(1, "Orion")));

        List<String> names = a.getOrSet("l1:1", NAMES, TTL, List.of(), () -> List.of("loaded"));

        assertThat(names).containsExactly("loaded");
        assertThat(a.get("l1:1", NAMES).orElseThrow().get(0)).isEqualTo("loaded");
    }

    @Test
    void aCallerWaitingForALoadOfAnotherTypeLoadsItsOwnInsteadOfFailing() throws Exception {
        try (TieredCacheManager alone = TieredCacheManager.builder().build()) {
            java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var names = pool.submit(() -> alone.getOrSet("shared:1", NAMES, TTL, List.of(), () -> {
                    loading.countDown();
                    await(release);
                    return List.of("Orion");
                }));
                await(loading);
                var businesses = pool.submit(() -> alone.getOrSet("shared:1", Business.class, TTL, List.of(),
                        () -> Business.named(1, "Orion")));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> alone.stats().misses() >= 2);
                release.countDown();

                assertThat(names.get(5, java.util.concurrent.TimeUnit.SECONDS)).containsExactly("Orion");
                assertThat(businesses.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Business.named(1, "Orion"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void springCacheOnTwoNodesReadsAListOfRecordsBack() {
        SpringCacheAdapter a = new SpringCacheAdapter(node(), TTL, Map.of());
        SpringCacheAdapter b = new SpringCacheAdapter(node(), TTL, Map.of());
        List<Business> value = List.of(Business.named(1, "Orion"));
        a.getCache("businesses").get("owner-42", () -> value);

        Object fromB = b.getCache("businesses").get("owner-42").get();

        assertThat(fromB).isEqualTo(value);
        assertThat(((List<?>) fromB).get(0)).isInstanceOf(Business.class);
    }

    @Test
    void invalidateEntityDropsTheConventionalKeysOnEveryNode() {
        TieredCacheManager a = node();
        TieredCacheManager b = node();
        // The seed's example: set('user:123', ...) then invalidateEntity('user', '123').
        a.set("user:123", "Ada", TTL);
        a.set("user:123:settings", "dark", TTL);
        a.set("user:1234", "Grace", TTL);
        assertThat(b.get("user:123", String.class)).contains("Ada");
        assertThat(b.get("user:123:settings", String.class)).contains("dark");

        a.invalidateEntity("user", "123");

        assertThat(a.get("user:123", String.class)).isEmpty();
        assertThat(a.get("user:123:settings", String.class)).isEmpty();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(b.get("user:123", String.class)).isEmpty();
            assertThat(b.get("user:123:settings", String.class)).isEmpty();
        });
        assertThat(a.get("user:1234", String.class)).contains("Grace");
        assertThat(b.get("user:1234", String.class)).contains("Grace");
        // A third node that never saw the keys does not read them from Redis either.
        assertThat(node().get("user:123", String.class)).isEmpty();
    }

    @Test
    void invalidateEntityDropsTheConventionalKeysWithoutRedis() {
        try (TieredCacheManager alone = TieredCacheManager.builder().build()) {
            alone.set("user:123", "Ada", TTL);
            alone.set("user:123:settings", "dark", TTL);
            alone.set("user:12", "Grace", TTL);

            alone.invalidateEntity("user", "123");

            assertThat(alone.get("user:123", String.class)).isEmpty();
            assertThat(alone.get("user:123:settings", String.class)).isEmpty();
            assertThat(alone.get("user:12", String.class)).contains("Grace");
        }
    }

    @Test
    void redisMissIsRememberedForAMomentThenAskedAgain() {
        TieredCacheManager a = node();
        TieredCacheManager b = node();
        assertThat(a.get("late:1", String.class)).isEmpty();
        long getsBefore = redisGets();
        b.fill("late:1", "filled", TTL, List.of());

        assertThat(a.get("late:1", String.class)).isEmpty();
        assertThat(a.get("late:1", String.class)).isEmpty();
        assertThat(redisGets()).isEqualTo(getsBefore);
        assertThat(a.stats().l2MissesRemembered()).isEqualTo(2);

        nanos.addAndGet(Duration.ofMillis(1_001).toNanos());
        assertThat(a.get("late:1", String.class)).contains("filled");
    }

    @Test
    void rememberedMissEndsWhenAnyNodeSetsTheKey() {
        TieredCacheManager a = node();
        TieredCacheManager b = node();
        assertThat(a.get("set:1", String.class)).isEmpty();

        b.set("set:1", "value", TTL);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(a.get("set:1", String.class)).contains("value"));
    }

    private long redisGets() {
        for (String line : rawConnection.sync().info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_get:")) {
                int start = line.indexOf("calls=") + "calls=".length();
                return Long.parseLong(line.substring(start, line.indexOf(',', start)));
            }
        }
        return 0;
    }

    private TieredCacheManager node() {
        TieredCacheManager node = TieredCacheManager.builder()
                .name("test")
                .namespace(namespace)
                .redis(redis.url())
                .ticker(nanos::get)
                .commandTimeout(Duration.ofMillis(500))
                .build();
        closeables.add(node);
        return node;
    }
}
