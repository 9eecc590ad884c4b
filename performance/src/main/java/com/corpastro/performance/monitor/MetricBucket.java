package com.corpastro.performance.monitor;

/**
 * One interval of an aggregation.
 *
 * @param start start of the interval, inclusive, epoch milliseconds
 * @param end   end of the interval, exclusive, epoch milliseconds
 * @param count how many points fell into it
 * @param value the aggregated value, {@code null} when the bucket is empty (for {@code count}, 0)
 * @param empty whether no point fell into the interval
 */
public record MetricBucket(long start, long end, long count, Double value, boolean empty) {
}
