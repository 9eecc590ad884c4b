package com.corpastro.performance.analytics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.internal.Sketches;
import com.corpastro.performance.monitor.internal.Stats;
import com.corpastro.performance.monitor.internal.TagCodec;

/**
 * The response-time rollups of settled hours, one row per series and hour with every node's
 * minutes merged (counts and sums added, sketches merged, which is exact), kept in the
 * {@link AnalyticsStore}: a week of 50 routes on two nodes is 8,400 rows instead of 1,008,000. An
 * hour not stored yet is compacted from the minute rollups when first needed and stored (the
 * first node to store an hour wins; the others' copies are the same). The minute rollups stay as
 * they are. An hour whose minute rollups may already be partly expired (older than the monitor's
 * rollup retention) is merged but not stored.
 */
final class HourlyRollups {

    /** The node id of an hourly rollup: every node's minutes. */
    static final String ALL_NODES = "*";
    static final long HOUR = 3_600_000;
    /** Hours compacted from one read of minute rollups, to bound the rows held at once. */
    static final int HOURS_PER_READ = 6;
    private static final Logger log = LoggerFactory.getLogger(HourlyRollups.class);
    private static final MetricType TYPE = MetricType.RESPONSE_TIME;

    private final PerformanceMonitor monitor;
    private final AnalyticsStore store;

    HourlyRollups(PerformanceMonitor monitor, AnalyticsStore store) {
        this.monitor = monitor;
        this.store = store;
    }

    /**
     * The hourly rollups of every hour in {@code [fromHour, toHour)}, which must all be settled:
     * those stored, and the others compacted now (and stored).
     */
    Map<Long, List<Rollup>> hours(long fromHour, long toHour) {
        Map<Long, List<Rollup>> hours = new TreeMap<>(store.hourlyRollups(TYPE, fromHour, toHour));
        long complete = monitor.clock().millis() - monitor.rollupRetention().toMillis();
        long runStart = -1;
        for (long hour = fromHour; hour <= toHour; hour += HOUR) {
            boolean missing = hour < toHour && !hours.containsKey(hour);
            if (missing && runStart < 0) {
                runStart = hour;
            }
            if (runStart >= 0 && (!missing || hour - runStart == HOURS_PER_READ * HOUR)) {
                Map<Long, List<Rollup>> compacted = compact(runStart, hour, complete);
                hours.putAll(compacted);
                runStart = missing ? hour : -1;
            }
        }
        return hours;
    }

    /** Compacts the hours of {@code [fromHour, toHour)} and stores those whose minutes are complete. */
    private Map<Long, List<Rollup>> compact(long fromHour, long toHour, long complete) {
        Map<Long, List<Rollup>> merged = merge(monitor.rollups(TYPE, fromHour, toHour), fromHour, toHour);
        int stored = 0;
        for (Map.Entry<Long, List<Rollup>> hour : merged.entrySet()) {
            if (hour.getKey() < complete) {
                continue;
            }
            try {
                if (store.saveHour(TYPE, hour.getKey(), hour.getValue())) {
                    stored++;
                }
            } catch (RuntimeException e) {
                // The merged rows still answer this report; a later one compacts the hour again.
                log.warn("event=rollup_hour_save_failed hour={} error=\"{}\"", Instant.ofEpochMilli(hour.getKey()),
                        e.getMessage());
            }
        }
        log.debug("event=rollup_hours_compacted from={} to={} stored={}", Instant.ofEpochMilli(fromHour),
                Instant.ofEpochMilli(toHour), stored);
        return merged;
    }

    /** Deletes the hourly rollups of hours that started before {@code hourStart}; returns how many rows. */
    int deleteBefore(long hourStart) {
        return store.deleteHoursBefore(hourStart);
    }

    /**
     * {@code minutes} merged into one rollup per hour of {@code [fromHour, toHour)} and series; every
     * hour of the range is in the answer, those without rollups with an empty list.
     */
    static Map<Long, List<Rollup>> merge(List<Rollup> minutes, long fromHour, long toHour) {
        Map<Long, Map<String, Merged>> byHour = new TreeMap<>();
        for (long hour = fromHour; hour < toHour; hour += HOUR) {
            byHour.put(hour, new LinkedHashMap<>());
        }
        Map<Map<String, String>, String> keys = new HashMap<>();
        for (Rollup minute : minutes) {
            Map<String, Merged> series = byHour.get(Math.floorDiv(minute.minuteStart(), HOUR) * HOUR);
            if (series == null) {
                continue;
            }
            String key = keys.computeIfAbsent(minute.tags(), TagCodec::encode);
            series.computeIfAbsent(key, k -> new Merged(minute.tags())).add(minute);
        }
        Map<Long, List<Rollup>> hours = new TreeMap<>();
        byHour.forEach((hour, series) -> {
            List<Rollup> rollups = new ArrayList<>(series.size());
            series.values().forEach(merged -> rollups.add(merged.toRollup(hour)));
            hours.put(hour, rollups);
        });
        return hours;
    }

    /** One series' minutes of one hour, being merged. */
    private static final class Merged {

        private final Map<String, String> tags;
        private final Stats stats = Stats.ofRollups(true);

        Merged(Map<String, String> tags) {
            this.tags = tags;
        }

        void add(Rollup minute) {
            stats.add(minute.count(), minute.sum(), minute.min(), minute.max(), minute.sketch());
        }

        Rollup toRollup(long hour) {
            return new Rollup(ALL_NODES, TYPE, tags, hour, stats.count(), stats.sum(), stats.min(), stats.max(),
                    Sketches.encode(stats.sketch()));
        }
    }
}
