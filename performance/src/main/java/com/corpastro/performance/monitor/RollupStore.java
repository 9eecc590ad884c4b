package com.corpastro.performance.monitor;

import java.util.List;

/**
 * Where {@link PerformanceMonitor} keeps its per-minute rollups. {@link JdbcRollupStore} keeps
 * them in the application's database, shared by every node; {@link InMemoryRollupStore} keeps
 * them on the heap when there is no database.
 */
public interface RollupStore {

    /** Adds rollups. A minute may be saved more than once per series and node; readers merge. */
    void save(List<Rollup> rollups);

    /** Every node's rollups of {@code type} whose minute starts in {@code [from, to)}. */
    List<Rollup> load(MetricType type, long from, long to);

    /** Deletes the rollups of minutes that started before {@code minuteStart}; returns how many. */
    int deleteBefore(long minuteStart);
}
