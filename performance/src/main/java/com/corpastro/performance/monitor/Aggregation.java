package com.corpastro.performance.monitor;

import java.util.Arrays;
import java.util.Locale;

/** How {@link PerformanceMonitor#getAggregatedMetrics} reduces the points of one bucket to a value. */
public enum Aggregation {
    AVG, MIN, MAX, SUM, COUNT, P50, P95, P99;

    /** The quantile of a percentile aggregation, or {@code NaN} for the others. */
    public double quantile() {
        return switch (this) {
            case P50 -> 0.50;
            case P95 -> 0.95;
            case P99 -> 0.99;
            default -> Double.NaN;
        };
    }

    public boolean isPercentile() {
        return !Double.isNaN(quantile());
    }

    /**
     * The aggregation named {@code value}, ignoring case ({@code avg}, {@code p95}).
     *
     * @throws IllegalArgumentException naming the bad value and the valid ones
     */
    public static Aggregation parse(String value) {
        if (value != null) {
            String normalized = value.trim().toUpperCase(Locale.ROOT);
            for (Aggregation aggregation : values()) {
                if (aggregation.name().equals(normalized)) {
                    return aggregation;
                }
            }
        }
        throw new IllegalArgumentException("agg must be one of "
                + Arrays.stream(values()).map(a -> a.name().toLowerCase(Locale.ROOT)).toList() + ", was '" + value + "'");
    }
}
