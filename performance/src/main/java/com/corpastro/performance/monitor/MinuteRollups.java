package com.corpastro.performance.monitor;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.monitor.internal.PointStore;
import com.corpastro.performance.monitor.internal.Series;
import com.corpastro.performance.monitor.internal.SeriesRegistry;
import com.corpastro.performance.monitor.internal.Sketches;
import com.corpastro.performance.monitor.internal.Stats;

/**
 * The rollups of a {@link PerformanceMonitor}: folds its raw points into per-minute statistics
 * per series (count, sum, min, max and a DDSketch), writes each completed minute to the
 * {@link RollupStore}, and answers for the minutes of every node, the ones not written yet
 * included. Keeps at most {@value #MAXIMUM_PENDING_MINUTES} unwritten minutes while the store fails.
 */
final class MinuteRollups {

    static final long MINUTE = 60_000;
    private static final Logger log = LoggerFactory.getLogger(PerformanceMonitor.class);
    /** A completed minute is written this long after it ends, so late writers still make it. */
    private static final long FLUSH_GRACE_MS = 2_000;
    private static final long STALL_TIMEOUT_MS = 5_000;
    private static final int MAXIMUM_PENDING_MINUTES = 120;

    private final Clock clock;
    private final String nodeId;
    private final long rollupRetentionMs;
    private final PointStore points;
    private final SeriesRegistry series;
    private final RollupStore rollupStore;
    private final Object rollupLock = new Object();
    /** Minute start to series id to the statistics not yet written; guarded by rollupLock. */
    private final TreeMap<Long, Map<Integer, Stats>> pending = new TreeMap<>();
    private final PointStore.Cursor cursor;
    private long lastCleanup;
    private final AtomicLong lostPoints = new AtomicLong();
    private Map<Integer, Stats> lastMinute;
    private long lastMinuteStart = Long.MIN_VALUE;

    MinuteRollups(Clock clock, String nodeId, long rollupRetentionMs, PointStore points, SeriesRegistry series,
            RollupStore rollupStore) {
        this.clock = clock;
        this.nodeId = nodeId;
        this.rollupRetentionMs = rollupRetentionMs;
        this.points = points;
        this.series = series;
        this.rollupStore = rollupStore;
        this.cursor = points.cursor();
    }

    /**
     * Every node's rollups of {@code type} for the minutes in {@code [from, to)}: those in the
     * store and this node's minutes not yet written.
     */
    List<Rollup> rollups(MetricType type, long from, long to) {
        synchronized (rollupLock) {
            consume();
            List<Rollup> rollups = new ArrayList<>(rollupStore.load(type, from, to));
            for (Map.Entry<Long, Map<Integer, Stats>> minute : pending.subMap(from, true, to, false).entrySet()) {
                for (Map.Entry<Integer, Stats> entry : minute.getValue().entrySet()) {
                    Series s = series.get(entry.getKey());
                    if (s.type() == type) {
                        rollups.add(toRollup(minute.getKey(), s, entry.getValue()));
                    }
                }
            }
            return rollups;
        }
    }

    /**
     * Folds the points recorded since the last call into per-minute rollups and writes every
     * minute that has ended ({@code everything}: every minute, the current one included) to the
     * rollup store; deletes rollups older than the rollup retention once an hour.
     */
    void flush(boolean everything) {
        synchronized (rollupLock) {
            consume();
            long now = clock.millis();
            List<Rollup> ready = new ArrayList<>();
            Iterator<Map.Entry<Long, Map<Integer, Stats>>> minutes = pending.entrySet().iterator();
            List<Map.Entry<Long, Map<Integer, Stats>>> written = new ArrayList<>();
            while (minutes.hasNext()) {
                Map.Entry<Long, Map<Integer, Stats>> minute = minutes.next();
                if (!everything && minute.getKey() + MINUTE + FLUSH_GRACE_MS > now) {
                    break;
                }
                for (Map.Entry<Integer, Stats> entry : minute.getValue().entrySet()) {
                    ready.add(toRollup(minute.getKey(), series.get(entry.getKey()), entry.getValue()));
                }
                written.add(minute);
            }
            if (!ready.isEmpty()) {
                try {
                    rollupStore.save(ready);
                    written.forEach(minute -> pending.remove(minute.getKey()));
                    log.debug("event=rollups_written node={} rollups={} minutes={}", nodeId, ready.size(),
                            written.size());
                } catch (RuntimeException e) {
                    log.warn("event=rollup_write_failed node={} rollups={} error=\"{}\"", nodeId, ready.size(),
                            e.getMessage());
                    while (pending.size() > MAXIMUM_PENDING_MINUTES) {
                        Map.Entry<Long, Map<Integer, Stats>> dropped = pending.pollFirstEntry();
                        log.warn("event=rollup_minute_dropped node={} minute={}", nodeId,
                                Instant.ofEpochMilli(dropped.getKey()));
                    }
                }
            }
            if (now - lastCleanup >= 3_600_000L) {
                lastCleanup = now;
                try {
                    int deleted = rollupStore.deleteBefore(now - rollupRetentionMs);
                    if (deleted > 0) {
                        log.info("event=rollups_expired node={} deleted={}", nodeId, deleted);
                    }
                } catch (RuntimeException e) {
                    log.warn("event=rollup_cleanup_failed node={} error=\"{}\"", nodeId, e.getMessage());
                }
            }
        }
    }

    /** Moves newly published points into the pending minutes; caller holds rollupLock. */
    private void consume() {
        long lost = points.consume(cursor, this::accumulate, clock.millis(), STALL_TIMEOUT_MS);
        if (lost > 0) {
            lostPoints.addAndGet(lost);
            log.warn("event=points_lost_before_rollup node={} lost={} hint=\"raise corp-astro.monitor.capacity\"",
                    nodeId, lost);
        }
    }

    private void accumulate(long time, int id, double value) {
        long minute = Math.floorDiv(time, MINUTE) * MINUTE;
        Map<Integer, Stats> bySeries;
        if (minute == lastMinuteStart && lastMinute != null && pending.get(minute) == lastMinute) {
            bySeries = lastMinute;
        } else {
            bySeries = pending.computeIfAbsent(minute, k -> new HashMap<>());
            lastMinute = bySeries;
            lastMinuteStart = minute;
        }
        Stats stats = bySeries.get(id);
        if (stats == null) {
            stats = new Stats(true);
            bySeries.put(id, stats);
        }
        stats.add(value);
    }

    private Rollup toRollup(long minute, Series s, Stats stats) {
        return new Rollup(nodeId, s.type(), s.tags(), minute, stats.count(), stats.sum(), stats.min(), stats.max(),
                Sketches.encode(stats.sketch()));
    }

    /** Points overwritten before they reached a rollup. */
    long lostPoints() {
        return lostPoints.get();
    }

    /** Minutes folded but not yet written to the rollup store. */
    int pendingMinutes() {
        synchronized (rollupLock) {
            return pending.size();
        }
    }
}
