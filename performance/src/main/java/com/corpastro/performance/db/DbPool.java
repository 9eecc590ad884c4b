package com.corpastro.performance.db;

import java.util.concurrent.atomic.LongAdder;

import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;

/**
 * The HikariCP pool behind the application's data source, as {@link PoolSnapshot}s. Install it
 * before the pool starts with {@link #attach(HikariDataSource)}, which also counts connection
 * timeouts (and keeps any metrics tracker already set, such as Micrometer's). The auto-configuration
 * does this for the application's pool:
 *
 * <pre>{@code
 * PoolSnapshot now = dbPool.snapshot();   // active, idle, pending, total, max, timeouts
 * }</pre>
 */
public final class DbPool {

    private final HikariDataSource dataSource;
    private final LongAdder timeouts = new LongAdder();

    private DbPool(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Watches {@code dataSource}; call before its first connection. Any metrics tracker factory
     * already configured keeps receiving every event.
     */
    public static DbPool attach(HikariDataSource dataSource) {
        DbPool pool = new DbPool(dataSource);
        if (dataSource.getHikariPoolMXBean() != null) {
            LoggerFactory.getLogger(DbPool.class).info("db_pool_already_started pool={} timeouts=not_counted",
                    dataSource.getPoolName());
            return pool;
        }
        MetricsTrackerFactory delegate = dataSource.getMetricsTrackerFactory();
        dataSource.setMetricsTrackerFactory((poolName, poolStats) -> pool.tracker(
                delegate == null ? null : delegate.create(poolName, poolStats), poolStats));
        return pool;
    }

    /** The pool's name. */
    public String name() {
        return dataSource.getPoolName();
    }

    /** Whether the pool has started; it starts with the first connection. */
    public boolean isStarted() {
        return dataSource.getHikariPoolMXBean() != null;
    }

    /** The pool now; zeros (and the configured maximum) before it has started. */
    public PoolSnapshot snapshot() {
        HikariPoolMXBean bean = dataSource.getHikariPoolMXBean();
        int max = dataSource.getMaximumPoolSize();
        if (bean == null) {
            return new PoolSnapshot(0, 0, 0, 0, max, timeouts.sum());
        }
        return new PoolSnapshot(bean.getActiveConnections(), bean.getIdleConnections(),
                bean.getThreadsAwaitingConnection(), bean.getTotalConnections(), max, timeouts.sum());
    }

    private IMetricsTracker tracker(IMetricsTracker delegate, PoolStats poolStats) {
        return new IMetricsTracker() {
            @Override
            public void recordConnectionCreatedMillis(long millis) {
                if (delegate != null) {
                    delegate.recordConnectionCreatedMillis(millis);
                }
            }

            @Override
            public void recordConnectionAcquiredNanos(long nanos) {
                if (delegate != null) {
                    delegate.recordConnectionAcquiredNanos(nanos);
                }
            }

            @Override
            public void recordConnectionUsageMillis(long millis) {
                if (delegate != null) {
                    delegate.recordConnectionUsageMillis(millis);
                }
            }

            @Override
            public void recordConnectionTimeout() {
                timeouts.increment();
                if (delegate != null) {
                    delegate.recordConnectionTimeout();
                }
            }

            @Override
            public void close() {
                if (delegate != null) {
                    delegate.close();
                }
            }
        };
    }
}
