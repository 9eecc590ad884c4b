package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.corpastro.testing.EmbeddedRedisCluster;

/** Two nodes on a real three-master Redis Cluster through Lettuce's cluster client. */
class TieredCacheManagerRedisClusterTest {

    private static final Duration TTL = Duration.ofMinutes(5);

    private static EmbeddedRedisCluster cluster;
    private static TieredCacheManager a;
    private static TieredCacheManager b;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.start();
        a = node();
        b = node();
    }

    @AfterAll
    static void stopCluster() {
        a.close();
        b.close();
        cluster.close();
    }

    @Test
    void valuesSpreadOverTheMastersAreL2HitsOnTheOtherNode() {
        long l2HitsBefore = b.stats().l2Hits();
        for (int id = 0; id < 30; id++) {
            long businessId = id;
            a.getOrSet("business:" + id, Business.class, TTL, List.of(EntityTag.of("business", id)),
                    () -> Business.named(businessId, "B" + businessId));
        }
        for (int id = 0; id < 30; id++) {
            assertThat(b.get("business:" + id, Business.class)).contains(Business.named(id, "B" + id));
        }
        assertThat(b.stats().l2Hits() - l2HitsBefore).isEqualTo(30);
        assertThat(b.stats().l2Errors()).isZero();
    }

    @Test
    void invalidationReachesTheOtherNodeThroughClusterPubSub() {
        List<EntityTag> tags = List.of(EntityTag.of("business", 100));
        a.getOrSet("content:100:daily", String.class, TTL, tags, () -> "old reading");
        assertThat(b.get("content:100:daily", String.class)).contains("old reading");

        b.invalidateEntity("business", 100);

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> a.get("content:100:daily", String.class).isEmpty());
        assertThat(b.get("content:100:daily", String.class)).isEmpty();
    }

    @Test
    void concurrentLoadsOfOneKeyAcrossBothNodesRunTheLoaderOnce() throws Exception {
        AtomicInteger loaderRuns = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                TieredCacheManager node = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> node.getOrSet("cold", String.class, () -> {
                    loaderRuns.incrementAndGet();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return "loaded once";
                }, TTL)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> loaderRuns.get() >= 1);
            release.countDown();
            for (Future<String> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("loaded once");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loaderRuns).hasValue(1);
    }

    private static TieredCacheManager node() {
        return TieredCacheManager.builder()
                .name("cluster-test")
                .redisCluster(cluster.urls())
                .commandTimeout(Duration.ofMillis(500))
                .build();
    }
}
