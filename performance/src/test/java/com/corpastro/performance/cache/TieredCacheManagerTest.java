package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The cache without Redis: what every node does in its own process. */
class TieredCacheManagerTest {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final List<EntityTag> BUSINESS_7 = List.of(EntityTag.of("business", 7));

    private final AtomicLong nanos = new AtomicLong();
    private final TieredCacheManager cache = TieredCacheManager.builder().ticker(nanos::get).ttlJitter(0).build();

    @AfterEach
    void clearTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void secondLookupIsServedFromL1() {
        AtomicInteger loads = new AtomicInteger();
        cache.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> load(loads));
        Business second = cache.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> load(loads));

        assertThat(second.name()).isEqualTo("load 1");
        assertThat(loads).hasValue(1);
        CacheStats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.l1Hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(0.5);
        assertThat(stats.loads()).isEqualTo(1);
    }

    @Test
    void aFillMarkedBeforeAnInvalidationOfItsEntityIsNotStored() {
        long mark = cache.invalidationMark();
        cache.invalidateEntity("business", 7);

        assertThat(cache.fill("response:7", "read before the change", TTL, BUSINESS_7, mark)).isFalse();
        assertThat(cache.get("response:7", String.class)).isEmpty();

        long now = cache.invalidationMark();
        assertThat(cache.fill("response:7", "read after it", TTL, BUSINESS_7, now)).isTrue();
        assertThat(cache.get("response:7", String.class)).contains("read after it");
        cache.invalidateEntity("business", 8);
        assertThat(cache.fill("response:7", "another entity changed", TTL, BUSINESS_7, now))
                .as("any invalidation since the mark counts: the mark knows no tags").isFalse();
    }

    @Test
    void entryExpiresAfterItsTtl() {
        cache.set("k", "v", Duration.ofSeconds(30));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertThat(cache.get("k", String.class)).contains("v");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(cache.get("k", String.class)).isEmpty();
    }

    @Test
    void expiredEntriesNobodyReadsAreDroppedByALaterWrite() {
        cache.set("short", "v", Duration.ofSeconds(30));
        cache.set("long", "v", Duration.ofHours(1));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
        cache.set("other", "v", TTL);
        assertThat(cache.stats().size()).isEqualTo(3);

        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        cache.set("another", "v", TTL);

        // The write starts the sweep; it runs on the common pool.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cache.stats().evictions()).isEqualTo(1));
        assertThat(cache.stats().size()).isEqualTo(3);
        assertThat(cache.get("long", String.class)).contains("v");
    }

    @Test
    void l1HitsFromManyThreadsAreAllCounted() throws Exception {
        cache.set("k", "v", TTL);
        int threads = 300;
        int hitsEach = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    awaitLatch(start);
                    for (int i = 0; i < hitsEach; i++) {
                        cache.get("k", String.class).orElseThrow();
                    }
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.stats().l1Hits()).isEqualTo((long) threads * hitsEach);
    }

    @Test
    void staleWhileRevalidateServesTheExpiredValueWhileOneCallerReloads() throws Exception {
        TieredCacheManager swr = TieredCacheManager.builder().ticker(nanos::get).ttlJitter(0)
                .staleWhileRevalidate(Duration.ofMinutes(1)).build();
        swr.getOrSet("k", String.class, () -> "old", Duration.ofSeconds(10));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(30));
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<String> refresh = pool.submit(() -> swr.getOrSet("k", String.class, () -> {
                loading.countDown();
                awaitLatch(release);
                return "new";
            }, Duration.ofSeconds(10)));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

            AtomicInteger otherLoads = new AtomicInteger();
            assertThat(swr.getOrSet("k", String.class, () -> "other " + otherLoads.incrementAndGet(),
                    Duration.ofSeconds(10))).isEqualTo("old");
            assertThat(otherLoads).hasValue(0);
            assertThat(swr.get("k", String.class)).isEmpty();

            release.countDown();
            assertThat(refresh.get(5, TimeUnit.SECONDS)).isEqualTo("new");
        } finally {
            pool.shutdownNow();
        }
        assertThat(swr.getOrSet("k", String.class, () -> "unused", Duration.ofSeconds(10))).isEqualTo("new");
    }

    @Test
    void staleWhileRevalidateIsOffByDefault() throws Exception {
        cache.getOrSet("k", String.class, () -> "old", Duration.ofSeconds(10));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(11));
        assertThat(reloadWhileAnotherCallerWaits(cache, "k", List.of(), () -> { })).isEqualTo("new");
    }

    @Test
    void staleWhileRevalidateNeverServesAnInvalidatedOrTooOldEntry() throws Exception {
        TieredCacheManager swr = TieredCacheManager.builder().ticker(nanos::get).ttlJitter(0)
                .staleWhileRevalidate(Duration.ofMinutes(1)).build();
        swr.getOrSet("business:7", String.class, TTL, BUSINESS_7, () -> "old");
        nanos.addAndGet(TTL.toNanos() + 1);
        assertThat(reloadWhileAnotherCallerWaits(swr, "business:7", BUSINESS_7,
                () -> swr.invalidateEntity("business", 7))).isEqualTo("new");

        swr.getOrSet("k", String.class, () -> "old", Duration.ofSeconds(10));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(10 + 60));
        assertThat(reloadWhileAnotherCallerWaits(swr, "k", List.of(), () -> { })).isEqualTo("new");
    }

    /**
     * Starts a reload of {@code key} that returns "new" once released, runs {@code meanwhile}, then asks
     * from a second thread; what the second caller got, which is "new" only if it waited for the reload.
     */
    private static String reloadWhileAnotherCallerWaits(TieredCacheManager cache, String key, List<EntityTag> tags,
            Runnable meanwhile) throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> refresh = pool.submit(() -> cache.getOrSet(key, String.class, TTL, tags, () -> {
                loading.countDown();
                awaitLatch(release);
                return "new";
            }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            meanwhile.run();
            java.util.concurrent.atomic.AtomicReference<Thread> otherThread = new java.util.concurrent.atomic.AtomicReference<>();
            Future<String> other = pool.submit(() -> {
                otherThread.set(Thread.currentThread());
                return cache.getOrSet(key, String.class, TTL, tags, () -> "other");
            });
            // Released only once the second caller answered (served stale) or is parked waiting for the reload.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> other.isDone()
                    || otherThread.get() != null && otherThread.get().getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            assertThat(refresh.get(5, TimeUnit.SECONDS)).isEqualTo("new");
            return other.get(5, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallerWaitsForAnotherLoadOfTheKeyOnlyUpToTheLoadWaitThenLoadsItself() throws Exception {
        TieredCacheManager bounded = TieredCacheManager.builder().ticker(nanos::get).loadWait(Duration.ofMillis(200))
                .build();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // A load stuck on a dependency without a timeout.
            Future<String> stuck = pool.submit(() -> bounded.getOrSet("k", String.class, TTL, List.of(), () -> {
                loading.countDown();
                awaitLatch(release);
                return "stuck";
            }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();

            Future<String> waiter = pool.submit(() -> bounded.getOrSet("k", String.class, TTL, List.of(), () -> "own"));

            assertThat(waiter.get(5, TimeUnit.SECONDS)).as("loaded by the waiter itself").isEqualTo("own");
            assertThat(stuck.isDone()).isFalse();
            release.countDown();
            assertThat(stuck.get(5, TimeUnit.SECONDS)).isEqualTo("stuck");
        } finally {
            release.countDown();
            pool.shutdownNow();
            bounded.close();
        }
    }

    @Test
    void loadWaitMustBePositive() {
        assertThatThrownBy(() -> TieredCacheManager.builder().loadWait(Duration.ZERO))
                .hasMessage("loadWait must be > 0, was PT0S");
    }

    @Test
    void ttlJitterTakesAtMostItsFractionOffAndSpreadsExpiries() {
        TieredCacheManager jittered = TieredCacheManager.builder().ticker(nanos::get).ttlJitter(0.1).build();
        for (int i = 0; i < 100; i++) {
            jittered.set("k" + i, "v", Duration.ofSeconds(100));
        }
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(89_900));
        assertThat(countPresent(jittered)).isEqualTo(100);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        assertThat(countPresent(jittered)).isBetween(1, 99);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertThat(countPresent(jittered)).isZero();
    }

    @Test
    void l1IsBoundedByTheEstimatedBytesOfItsEntries() {
        try (TieredCacheManager small = TieredCacheManager.builder().maximumWeight(100_000).build()) {
            for (int i = 0; i < 1_000; i++) {
                small.set("k" + i, "x".repeat(1_000), TTL);
            }
            assertThat(small.stats().size()).isLessThan(100);
            assertThat(small.stats().evictions()).isGreaterThan(900);
        }
    }

    @Test
    void invalidateEntityDropsEveryEntryTaggedWithIt() {
        cache.set("business:7", Business.named(7, "Orion"), TTL, BUSINESS_7);
        cache.set("content:7:daily", "reading", TTL, List.of(EntityTag.of("business", 7), EntityTag.of("user", 1)));
        cache.set("business:8", Business.named(8, "Vega"), TTL, List.of(EntityTag.of("business", 8)));

        cache.invalidateEntity("business", 7L);

        assertThat(cache.get("business:7", Business.class)).isEmpty();
        assertThat(cache.get("content:7:daily", String.class)).isEmpty();
        assertThat(cache.get("business:8", Business.class)).isPresent();
        assertThat(cache.stats().invalidations()).isEqualTo(1);
    }

    @Test
    void loadRunningDuringAnInvalidationDoesNotStoreItsOldValue() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Business> old = pool.submit(() -> cache.getOrSet("business:7", Business.class, TTL, BUSINESS_7, () -> {
                loading.countDown();
                awaitLatch(release);
                return Business.named(7, "old");
            }));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            cache.invalidateEntity("business", 7);
            release.countDown();
            assertThat(old.get(5, TimeUnit.SECONDS).name()).isEqualTo("old");
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.get("business:7", Business.class)).isEmpty();
    }

    @Test
    void concurrentCallsForOneMissingKeyRunTheLoaderOnce() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> cache.getOrSet("k", String.class, () -> {
                    loads.incrementAndGet();
                    awaitLatch(release);
                    return "v";
                }, TTL)));
            }
            release.countDown();
            for (Future<String> result : results) {
                assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("v");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void loaderExceptionReachesTheCallerAndNothingIsStored() {
        assertThatThrownBy(() -> cache.getOrSet("k", String.class, () -> {
            throw new IllegalStateException("source down");
        }, TTL)).hasMessage("source down");
        assertThat(cache.get("k", String.class)).isEmpty();
        assertThat(cache.stats().loadFailures()).isEqualTo(1);
    }

    @Test
    void nullFromGetOrSetIsReturnedAndNotStored() {
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.getOrSet("k", String.class, () -> {
            loads.incrementAndGet();
            return null;
        }, TTL)).isNull();
        cache.getOrSet("k", String.class, () -> {
            loads.incrementAndGet();
            return null;
        }, TTL);
        assertThat(loads).hasValue(2);
    }

    @Test
    void notFoundIsCachedForTheShorterNegativeTtl() {
        TieredCacheManager negative = TieredCacheManager.builder().ticker(nanos::get).ttlJitter(0)
                .negativeTtl(Duration.ofSeconds(5)).build();
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(negative.getOrSetOptional("business:404", Business.class, TTL, List.of(), () -> {
                loads.incrementAndGet();
                return Optional.empty();
            })).isEmpty();
        }
        assertThat(loads).hasValue(1);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
        negative.getOrSetOptional("business:404", Business.class, TTL, List.of(), () -> {
            loads.incrementAndGet();
            return Optional.empty();
        });
        assertThat(loads).hasValue(2);
    }

    @Test
    void defaultClockExpiresEntriesWithoutATestTicker() {
        try (TieredCacheManager real = TieredCacheManager.builder().build()) {
            real.set("k", "v", Duration.ofMillis(50));
            assertThat(real.get("k", String.class)).contains("v");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
                    .until(() -> real.get("k", String.class).isEmpty());
        }
    }

    @Test
    void valueOfAnotherTypeIsAMiss() {
        cache.set("k", "text", TTL);
        assertThat(cache.get("k", Business.class)).isEmpty();
        assertThat(cache.get("k", CharSequence.class)).contains("text");
    }

    @Test
    void invalidationAndDeleteInsideATransactionWaitForTheCommit() {
        cache.set("business:7", Business.named(7, "Orion"), TTL, BUSINESS_7);
        cache.set("greeting", "hello", TTL);
        TransactionSynchronizationManager.initSynchronization();

        cache.invalidateEntity("business", 7);
        cache.delete("greeting");
        assertThat(cache.get("business:7", Business.class)).isPresent();
        assertThat(cache.get("greeting", String.class)).isPresent();

        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            synchronization.afterCommit();
        }
        assertThat(cache.get("business:7", Business.class)).isEmpty();
        assertThat(cache.get("greeting", String.class)).isEmpty();
    }

    @Test
    void rolledBackTransactionInvalidatesNothing() {
        cache.set("business:7", Business.named(7, "Orion"), TTL, BUSINESS_7);
        TransactionSynchronizationManager.initSynchronization();
        cache.invalidateEntity("business", 7);
        for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
            synchronization.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
        }
        assertThat(cache.get("business:7", Business.class)).isPresent();
    }

    @Test
    void builderRejectsBadValuesWithTheValueInTheMessage() {
        assertThatThrownBy(() -> TieredCacheManager.builder().maximumWeight(-3))
                .hasMessage("maximumWeight must be > 0 bytes, was -3");
        assertThatThrownBy(() -> TieredCacheManager.builder().ttlJitter(0.7))
                .hasMessage("ttlJitter must be between 0 and 0.5, was 0.7");
        assertThatThrownBy(() -> TieredCacheManager.builder().commandTimeout(Duration.ZERO))
                .hasMessage("commandTimeout must be > 0, was PT0S");
        assertThatThrownBy(() -> TieredCacheManager.builder().namespace("a{b}"))
                .hasMessageContaining("was 'a{b}'");
        assertThatThrownBy(() -> cache.set("k", "v", Duration.ofSeconds(-1)))
                .hasMessage("ttl must be > 0, was PT-1S");
    }

    private static int countPresent(TieredCacheManager cache) {
        int present = 0;
        for (int i = 0; i < 100; i++) {
            if (cache.get("k" + i, String.class).isPresent()) {
                present++;
            }
        }
        return present;
    }

    /** A value made of bytes that says what it keeps, as the response cache's entries do. */
    record Blob(byte[] bytes) implements RetainedSize {

        @Override
        public long retainedBytes() {
            return 16 + RetainedSize.of(bytes);
        }
    }

    @Test
    void anL1IsChargedWhatAValueOfBytesRetainsNotTwiceItsSerializedForm() {
        try (TieredCacheManager small = TieredCacheManager.builder().maximumWeight(1024 * 1024).ticker(nanos::get)
                .build()) {
            for (int i = 0; i < 1_000; i++) {
                small.fill("blob:" + i, new Blob(new byte[4_000]), TTL, List.of());
            }
            // 1 MiB over about 4.3 KB an entry (the bytes, the entry and its key): over 200 entries. Weighed by
            // its Smile form (the bytes in 7-bit form, doubled for object overhead) an entry was 9.3 KB: 112.
            assertThat(small.stats().size()).isBetween(200L, 260L);
        }
    }

    @Test
    void entriesOfARegionsKeyPrefixesAreNotEvictedByTheLargeEntriesThatFillTheMainRegion() {
        try (TieredCacheManager small = TieredCacheManager.builder().maximumWeight(256 * 1024)
                .region(List.of("user-token:"), 16 * 1024).ticker(nanos::get).build()) {
            small.fill("user-token:abc", "user 7", TTL, List.of(EntityTag.of("user", 7)));
            for (int i = 0; i < 500; i++) {
                small.fill("response:" + i, new Blob(new byte[4_000]), TTL, List.of());
                for (int read = 0; read < 3; read++) {
                    small.get("response:" + i, Blob.class);
                }
            }

            assertThat(small.get("user-token:abc", String.class)).contains("user 7");
            assertThat(small.stats().size()).as("the main region holds 256 KB of 4 KB entries").isLessThan(70);
            small.invalidateEntity("user", 7);
            assertThat(small.get("user-token:abc", String.class)).as("fenced by its entity like any entry").isEmpty();
            long main = small.stats().size();
            for (int i = 0; i < 200; i++) {
                small.fill("user-token:" + i, "user " + i, TTL, List.of());
            }
            // About 225 bytes an entry (the string, the entry, its key): 16 KB hold about 72.
            assertThat(small.stats().size() - main).as("the region is bounded by its own weight").isBetween(50L, 80L);
        }
    }

    @Test
    void aRegionRejectsAnEmptyPrefixAndAWeightOfZeroWithTheValue() {
        assertThatThrownBy(() -> TieredCacheManager.builder().region(List.of(""), 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[]");
        assertThatThrownBy(() -> TieredCacheManager.builder().region(List.of("user-token:"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
    }

    private static Business load(AtomicInteger loads) {
        return Business.named(7, "load " + loads.incrementAndGet());
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aKeyWhoseIdPartHasASpaceCarriesNoEntityTagOfItsOwn() {
        assertThat(TieredCacheManager.tags("user:123:settings", List.of())).containsExactly(EntityTag.of("user", "123"));
        // A response cache key: its own tag would be a generation to look up and remember per key.
        assertThat(TieredCacheManager.tags("http-response: /api/businesses/7/content/daily?date=2030-03-03 user=user:7",
                List.of(EntityTag.of("business", 7)))).containsExactly(EntityTag.of("business", 7));
        assertThat(TieredCacheManager.tags("page:a b", List.of())).isEmpty();
    }
}
