package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.corpastro.performance.monitor.InMemoryRollupStore;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.RollupStore;

import tools.jackson.databind.json.JsonMapper;

class AnalyticsTasksTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void roundsStopAndStartAgainWithTheContext() {
        AtomicInteger reads = new AtomicInteger();
        InMemoryRollupStore rollups = new InMemoryRollupStore(10);
        RollupStore counting = new RollupStore() {
            @Override
            public void save(List<Rollup> added) {
                rollups.save(added);
            }

            @Override
            public List<Rollup> load(MetricType type, long from, long to) {
                reads.incrementAndGet();
                return rollups.load(type, from, to);
            }

            @Override
            public int deleteBefore(long minuteStart) {
                return rollups.deleteBefore(minuteStart);
            }
        };
        Traffic traffic = new Traffic(Instant.parse("2026-12-01T10:00:00Z"), new AnalyticsProperties(), counting,
                "node-1");
        InMemoryAnalyticsStore store = new InMemoryAnalyticsStore(10);
        Alerts alerts = new Alerts(traffic.reports, new ServiceLevels(traffic.reports, traffic.properties), store,
                List.of(), traffic.properties);
        AnalyticsTasks tasks = new AnalyticsTasks(alerts, new DailyReports(traffic.reports, store,
                JsonMapper.builder().build(), 1, ZoneOffset.UTC), executor, Duration.ofMillis(20), traffic.reports,
                Duration.ZERO);

        tasks.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > 0);
        tasks.stop();
        assertThat(tasks.isRunning()).isFalse();
        int beforeRestart = reads.get();
        tasks.start();

        assertThat(tasks.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > beforeRestart);
        tasks.stop();
    }
}
