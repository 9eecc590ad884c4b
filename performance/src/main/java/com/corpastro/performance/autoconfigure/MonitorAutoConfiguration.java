package com.corpastro.performance.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.CacheStats;
import com.corpastro.performance.memory.MemoryManager;
import com.corpastro.performance.monitor.InMemoryRollupStore;
import com.corpastro.performance.monitor.JdbcRollupStore;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.RollupStore;
import com.corpastro.performance.monitor.SummaryContributor;
import com.corpastro.performance.monitor.SystemSampler;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Provides the {@link PerformanceMonitor}, its rollup store (the application's single
 * {@link DataSource} when there is one, else memory), the {@link SystemSampler}, the background
 * thread that samples and writes rollups, and the summary sections for cache, pool and memory.
 * Configured by {@code corp-astro.monitor.*}; every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = MemoryAutoConfiguration.class, afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "com.corpastro.performance.autoconfigure.PerformanceCacheAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "corp-astro.monitor", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MonitorProperties.class)
@Import(MonitorAutoConfiguration.HikariPool.class)
public class MonitorAutoConfiguration {

    /** The final flush is {@link MonitorTasks}'s, bounded in time; no second one on destruction. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(PerformanceMonitor.class)
    PerformanceMonitor corpAstroPerformanceMonitor(MonitorProperties properties, RollupStore rollupStore,
            ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Clock> clock) {
        PerformanceMonitor.Builder builder = PerformanceMonitor.builder()
                .clock(clock.getIfUnique(Clock::systemUTC))
                .capacity(properties.getCapacity())
                .rawRetention(properties.getRawRetention())
                .maximumSeries(properties.getMaximumSeries())
                .rollupStore(rollupStore)
                .rollupRetention(properties.getRollupRetention())
                .meterRegistry(meterRegistry.getIfUnique());
        if (properties.getNodeId() != null && !properties.getNodeId().isBlank()) {
            builder.nodeId(properties.getNodeId());
        }
        return builder.build();
    }

    /**
     * Rollups go to the application's database when it has exactly one DataSource (and
     * {@code corp-astro.monitor.jdbc-rollups} is not false), otherwise they stay in memory.
     */
    @Bean
    @ConditionalOnMissingBean(RollupStore.class)
    RollupStore corpAstroRollupStore(ObjectProvider<DataSource> dataSources, MonitorProperties properties) {
        DataSource dataSource = properties.isJdbcRollups() ? dataSources.getIfUnique() : null;
        if (dataSource == null) {
            return new InMemoryRollupStore(100_000);
        }
        return new JdbcRollupStore(dataSource, properties.getRollupTable(), properties.isCreateRollupTable());
    }

    @Bean
    @ConditionalOnMissingBean(SystemSampler.class)
    SystemSampler corpAstroSystemSampler(PerformanceMonitor monitor, ObjectProvider<CacheManager> caches) {
        Map<String, Supplier<SystemSampler.CacheCounts>> counters = new LinkedHashMap<>();
        CacheManager cache = caches.getIfUnique();
        if (cache != null) {
            counters.put("application", () -> {
                CacheStats stats = cache.stats();
                return new SystemSampler.CacheCounts(stats.hits(), stats.misses());
            });
        }
        return new SystemSampler(monitor, counters);
    }

    @Bean
    MonitorTasks corpAstroMonitorTasks(PerformanceMonitor monitor, SystemSampler sampler,
            ObjectProvider<MemoryManager> memoryManager, MonitorProperties properties) {
        return new MonitorTasks(monitor, sampler, memoryManager, positive("sample-interval",
                properties.getSampleInterval()), positive("flush-interval", properties.getFlushInterval()));
    }

    @Bean
    @ConditionalOnBean(CacheManager.class)
    SummaryContributor corpAstroCacheSummary(ObjectProvider<CacheManager> caches) {
        return new SummaryContributor() {
            @Override
            public String name() {
                return "cache";
            }

            @Override
            public Object contribute() {
                CacheManager cache = caches.getIfUnique();
                if (cache == null) {
                    return null;
                }
                CacheStats stats = cache.stats();
                Map<String, Object> section = new LinkedHashMap<>();
                section.put("hits", stats.hits());
                section.put("misses", stats.misses());
                section.put("hitRate", stats.hitRate());
                section.put("l1", level(stats.l1Hits(), stats.l1Misses()));
                section.put("l2", level(stats.l2Hits(), stats.l2Misses()));
                return section;
            }
        };
    }

    @Bean
    @ConditionalOnBean(MemoryManager.class)
    SummaryContributor corpAstroMemorySummary(ObjectProvider<MemoryManager> memory) {
        return new SummaryContributor() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public Object contribute() {
                MemoryManager manager = memory.getIfUnique();
                if (manager == null) {
                    return null;
                }
                java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean()
                        .getHeapMemoryUsage();
                Map<String, Object> section = new LinkedHashMap<>();
                section.put("state", manager.state().name());
                section.put("sheddingLoad", manager.isSheddingLoad());
                section.put("heapUsedAfterGc", manager.lastHeapUsage());
                section.put("warningLevel", manager.warningLevel());
                section.put("criticalLevel", manager.criticalLevel());
                section.put("heapUsedBytes", heap.getUsed());
                section.put("heapCommittedBytes", heap.getCommitted());
                section.put("heapMaxBytes", heap.getMax());
                return section;
            }
        };
    }

    private static Map<String, Object> level(long hits, long misses) {
        long lookups = hits + misses;
        return Map.of("hits", hits, "misses", misses, "hitRate", lookups == 0 ? 0.0 : (double) hits / lookups);
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("corp-astro.monitor." + name + " must be > 0, was " + value);
        }
        return value;
    }

    /** The pool section of the summary when the DataSource is (or wraps) HikariCP. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HikariDataSource.class)
    static class HikariPool {

        @Bean
        @ConditionalOnBean(DataSource.class)
        SummaryContributor corpAstroPoolSummary(ObjectProvider<DataSource> dataSources) {
            return new SummaryContributor() {
                @Override
                public String name() {
                    return "pool";
                }

                @Override
                public Object contribute() {
                    HikariDataSource dataSource = hikari(dataSources.getIfUnique());
                    if (dataSource == null) {
                        return null;
                    }
                    // The pool starts on the first connection; until then it has no MXBean.
                    HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
                    Map<String, Object> section = new LinkedHashMap<>();
                    section.put("name", dataSource.getPoolName());
                    section.put("started", pool != null);
                    section.put("active", pool == null ? 0 : pool.getActiveConnections());
                    section.put("idle", pool == null ? 0 : pool.getIdleConnections());
                    section.put("total", pool == null ? 0 : pool.getTotalConnections());
                    section.put("waiting", pool == null ? 0 : pool.getThreadsAwaitingConnection());
                    section.put("maximum", dataSource.getMaximumPoolSize());
                    return section;
                }
            };
        }

        /** The HikariCP pool behind {@code dataSource}, also through a proxy, or {@code null}. */
        private static HikariDataSource hikari(DataSource dataSource) {
            if (dataSource == null) {
                return null;
            }
            if (dataSource instanceof HikariDataSource hikari) {
                return hikari;
            }
            try {
                return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class)
                        : null;
            } catch (java.sql.SQLException e) {
                return null;
            }
        }
    }

    /**
     * The monitor's background thread: samples the process every sample interval (and lets the
     * memory manager re-check the heap), folds points into rollups every flush interval, and
     * writes the last rollups when the application stops, before the DataSource closes.
     */
    static final class MonitorTasks implements SmartLifecycle {

        private static final Logger log = LoggerFactory.getLogger(MonitorTasks.class);
        private static final long FINAL_FLUSH_TIMEOUT_SECONDS = 5;

        private final PerformanceMonitor monitor;
        private final SystemSampler sampler;
        private final ObjectProvider<MemoryManager> memoryManager;
        private final Duration sampleInterval;
        private final Duration flushInterval;
        private ScheduledExecutorService executor;

        MonitorTasks(PerformanceMonitor monitor, SystemSampler sampler, ObjectProvider<MemoryManager> memoryManager,
                Duration sampleInterval, Duration flushInterval) {
            this.monitor = monitor;
            this.sampler = sampler;
            this.memoryManager = memoryManager;
            this.sampleInterval = sampleInterval;
            this.flushInterval = flushInterval;
        }

        @Override
        public synchronized void start() {
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "corp-astro-monitor");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(guard("sample", this::sample), 0, sampleInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(guard("flush", monitor::flush), flushInterval.toMillis(),
                    flushInterval.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void sample() {
            sampler.sample();
            memoryManager.ifAvailable(manager -> {
                manager.evaluate();
                monitor.recordMemoryUsage("memory_state", manager.state().ordinal());
                monitor.recordMemoryUsage("heap_used_after_gc", manager.lastHeapUsage() * 100);
            });
        }

        /**
         * Writes the last rollups on the monitor's own thread and waits for it at most
         * {@link #FINAL_FLUSH_TIMEOUT_SECONDS}: a database that is already gone (its pool waits
         * 30 seconds for a connection by default) must not hold up the shutdown.
         */
        @Override
        public synchronized void stop() {
            if (executor == null) {
                return;
            }
            Future<?> finalFlush = executor.submit(monitor::close);
            try {
                finalFlush.get(FINAL_FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                log.warn("event=monitor_final_flush_timeout timeout_s={} pending_minutes_lost=true",
                        FINAL_FLUSH_TIMEOUT_SECONDS);
            } catch (ExecutionException e) {
                log.warn("event=monitor_final_flush_failed error=\"{}\"", e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                executor.shutdownNow();
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }

        private static Runnable guard(String task, Runnable runnable) {
            return () -> {
                try {
                    runnable.run();
                } catch (RuntimeException e) {
                    log.warn("event=monitor_task_failed task={} error=\"{}\"", task, e.getMessage());
                }
            };
        }
    }
}
