package com.corpastro.performance.monitor.internal;

import com.corpastro.performance.monitor.Aggregation;
import com.datadoghq.sketch.ddsketch.DDSketch;

/** Count, sum, min, max and (optionally) a sketch of a set of values; not thread-safe. */
public final class Stats {

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final boolean withSketch;
    private DDSketch sketch;

    /** Statistics of raw values; {@code withSketch} keeps a sketch for quantiles. */
    public Stats(boolean withSketch) {
        this(withSketch, true);
    }

    private Stats(boolean withSketch, boolean createSketch) {
        this.withSketch = withSketch;
        this.sketch = withSketch && createSketch ? Sketches.create() : null;
    }

    /** Statistics that will be built only from encoded rollups, see {@link #add(long, double, double, double, byte[])}. */
    public static Stats ofRollups(boolean withSketch) {
        return new Stats(withSketch, false);
    }

    public void add(double value) {
        count++;
        sum += value;
        if (value < min) {
            min = value;
        }
        if (value > max) {
            max = value;
        }
        if (sketch != null) {
            sketch.accept(value);
        }
    }

    /** Adds pre-aggregated statistics, such as a rollup's. */
    public void add(long count, double sum, double min, double max, byte[] encodedSketch) {
        this.count += count;
        this.sum += sum;
        this.min = Math.min(this.min, min);
        this.max = Math.max(this.max, max);
        if (withSketch && encodedSketch != null) {
            sketch = Sketches.mergeInto(sketch, encodedSketch);
        }
    }

    public void merge(Stats other) {
        count += other.count;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        if (sketch != null && other.sketch != null) {
            sketch.mergeWith(other.sketch);
        }
    }

    public long count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public DDSketch sketch() {
        return sketch;
    }

    /** The value of {@code aggregation}; {@code null} when empty, except 0 for count and sum. */
    public Double value(Aggregation aggregation) {
        if (count == 0) {
            return aggregation == Aggregation.COUNT || aggregation == Aggregation.SUM ? 0.0 : null;
        }
        return switch (aggregation) {
            case AVG -> sum / count;
            case MIN -> min;
            case MAX -> max;
            case SUM -> sum;
            case COUNT -> (double) count;
            case P50, P95, P99 -> quantile(aggregation.quantile());
        };
    }

    /** The sketch's estimate of quantile {@code q}, clamped to the exact min and max. */
    public double quantile(double q) {
        if (sketch == null || sketch.isEmpty()) {
            throw new IllegalStateException("no sketch kept for these statistics");
        }
        return Math.max(min, Math.min(max, sketch.getValueAtQuantile(q)));
    }
}
