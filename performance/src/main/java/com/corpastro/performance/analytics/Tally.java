package com.corpastro.performance.analytics;

import java.util.Iterator;

import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.internal.Sketches;
import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Bin;

/**
 * The requests of one route (or of all) in one period, merged from per-minute rollups of every
 * node: how many, how many answered 5xx, how many a cache answered or missed, and one DDSketch of
 * all their response times.
 * Not thread-safe.
 */
final class Tally {

    private long requests;
    private long serverErrors;
    private long cacheHits;
    private long cacheMisses;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private DDSketch sketch;
    /** The 5xx answers' response times alone, so that good answers can be counted apart. */
    private DDSketch errorSketch;

    /** Adds one rollup of response times answered with {@code status}; its {@code cache} tag counts hits and misses. */
    void add(Rollup rollup, int status) {
        requests += rollup.count();
        String cache = rollup.tags().get("cache");
        if (PerformanceMonitor.CACHE_HIT.equals(cache)) {
            cacheHits += rollup.count();
        } else if (PerformanceMonitor.CACHE_MISS.equals(cache)) {
            cacheMisses += rollup.count();
        }
        if (status >= 500) {
            serverErrors += rollup.count();
            errorSketch = Sketches.mergeInto(errorSketch, rollup.sketch());
        }
        min = Math.min(min, rollup.min());
        max = Math.max(max, rollup.max());
        sketch = Sketches.mergeInto(sketch, rollup.sketch());
    }

    void merge(Tally other) {
        requests += other.requests;
        serverErrors += other.serverErrors;
        cacheHits += other.cacheHits;
        cacheMisses += other.cacheMisses;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sketch = merged(sketch, other.sketch);
        errorSketch = merged(errorSketch, other.errorSketch);
    }

    private static DDSketch merged(DDSketch target, DDSketch added) {
        if (added == null) {
            return target;
        }
        if (target == null) {
            return added.copy();
        }
        target.mergeWith(added);
        return target;
    }

    long requests() {
        return requests;
    }

    long serverErrors() {
        return serverErrors;
    }

    /** The share of the requests a cache was asked for that it answered; NaN when none were. */
    double cacheHitRate() {
        long asked = cacheHits + cacheMisses;
        return asked == 0 ? Double.NaN : (double) cacheHits / asked;
    }

    /** The response time at quantile {@code q} (clamped to 0..1), within the sketch's relative accuracy; NaN when empty. */
    double quantile(double q) {
        if (sketch == null || sketch.isEmpty()) {
            return Double.NaN;
        }
        double clamped = Math.max(0, Math.min(1, q));
        return Math.max(min, Math.min(max, sketch.getValueAtQuantile(clamped)));
    }

    /**
     * How many requests answered without a 5xx took at most {@code ms}: the counts of the
     * sketches' bins whose values lie at or below it. A bin straddling {@code ms} counts when its
     * representative value does, so the answer is exact for every request further than the
     * relative accuracy (1%) from {@code ms}.
     */
    long goodWithin(double ms) {
        return countAtMost(sketch, ms) - countAtMost(errorSketch, ms);
    }

    private static long countAtMost(DDSketch sketch, double ms) {
        if (sketch == null) {
            return 0;
        }
        IndexMapping mapping = sketch.getIndexMapping();
        // The zero bin holds values too small to index (sub-microsecond answers).
        double count = sketch.getCount() - sketch.getPositiveValueStore().getTotalCount()
                - sketch.getNegativeValueStore().getTotalCount();
        Iterator<Bin> bins = sketch.getPositiveValueStore().getAscendingIterator();
        while (bins.hasNext()) {
            Bin bin = bins.next();
            if (mapping.value(bin.getIndex()) > ms) {
                break;
            }
            count += bin.getCount();
        }
        return (long) Math.rint(count);
    }
}
