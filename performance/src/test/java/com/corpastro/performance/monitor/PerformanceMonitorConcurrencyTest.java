package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class PerformanceMonitorConcurrencyTest {

    @Test
    void concurrentWritersAndTheRollupConsumerLoseAndDuplicateNothing() throws Exception {
        InMemoryRollupStore store = new InMemoryRollupStore(100_000);
        PerformanceMonitor monitor = PerformanceMonitor.builder().rollupStore(store).capacity(4_000_000).build();
        int threads = 4;
        int perThread = 200_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread writer = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    monitor.recordResponseTime("/t" + id, "GET", 200, 1.0);
                }
            });
            writer.start();
            writers.add(writer);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> {
            while (writing.get()) {
                monitor.flush();
            }
        });
        consumer.start();
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        consumer.join();
        monitor.close();

        long counted = store.load(MetricType.RESPONSE_TIME, 0, Long.MAX_VALUE).stream().mapToLong(Rollup::count).sum();
        assertThat(counted).isEqualTo((long) threads * perThread);
        assertThat(monitor.lostPoints()).isZero();
        assertThat(monitor.getMetrics(MetricType.RESPONSE_TIME, Instant.EPOCH, Instant.now().plusSeconds(1),
                java.util.Map.of("path", "/t2"), Integer.MAX_VALUE)).hasSize(perThread);
    }
}
