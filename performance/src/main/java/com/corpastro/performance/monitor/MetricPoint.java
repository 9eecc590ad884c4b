package com.corpastro.performance.monitor;

import java.util.Map;

/**
 * One recorded measurement.
 *
 * @param type      what was measured
 * @param timestamp when, in epoch milliseconds
 * @param value     the measurement, in the unit of its {@link MetricType}
 * @param tags      the point's tags, named as in {@link MetricType#tagNames()}
 */
public record MetricPoint(MetricType type, long timestamp, double value, Map<String, String> tags) {
}
