package com.corpastro.loadtest;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Response times and outcomes of the measured requests, by summary row, as Gatling saw them
 * (each request's {@code responseTimeInMillis} and whether its checks passed). Gatling 3.14 keeps
 * its own statistics in a binary {@code simulation.log} without a public reader and no longer
 * writes {@code js/stats.json}, so the simulations record here what the summary needs.
 */
public final class Measurements {

    private final Map<String, Series> rows = new ConcurrentHashMap<>();

    /** Counts of one row: requests, failures, percentiles (ms, nearest rank). */
    public record Stats(long requests, long errors, double p50, double p95, double p99) {
    }

    /** One response of {@code row}; {@code millis} is null when no response came (connection failure). */
    public void record(String row, Long millis, boolean ok) {
        rows.computeIfAbsent(row, r -> new Series()).add(millis, ok);
    }

    /** The statistics of {@code row}; all zero when nothing was recorded. */
    public Stats stats(String row) {
        Series series = rows.get(row);
        return series == null ? new Stats(0, 0, Double.NaN, Double.NaN, Double.NaN) : series.stats();
    }

    private static final class Series {

        private long[] millis = new long[1024];
        private int size;
        private long requests;
        private long errors;

        synchronized void add(Long time, boolean ok) {
            requests++;
            if (!ok) {
                errors++;
            }
            if (time != null) {
                if (size == millis.length) {
                    millis = Arrays.copyOf(millis, size * 2);
                }
                millis[size++] = time;
            }
        }

        synchronized Stats stats() {
            long[] sorted = Arrays.copyOf(millis, size);
            Arrays.sort(sorted);
            return new Stats(requests, errors, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
        }
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
