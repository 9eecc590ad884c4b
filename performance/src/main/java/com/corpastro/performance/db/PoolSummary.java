package com.corpastro.performance.db;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.corpastro.performance.monitor.SummaryContributor;

/** The {@code pool} section of the performance summary: the HikariCP pool behind the application's data source. */
final class PoolSummary implements SummaryContributor {

    private final Supplier<DbPool> pool;

    /** @param pool the pool, or {@code null} when the data source is no HikariCP pool */
    PoolSummary(Supplier<DbPool> pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public Object contribute() {
        DbPool dbPool = pool.get();
        if (dbPool == null) {
            return null;
        }
        PoolSnapshot now = dbPool.snapshot();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("name", dbPool.name());
        section.put("started", dbPool.isStarted());
        section.put("active", now.active());
        section.put("idle", now.idle());
        section.put("total", now.total());
        section.put("waiting", now.pending());
        section.put("maximum", now.max());
        return section;
    }
}
