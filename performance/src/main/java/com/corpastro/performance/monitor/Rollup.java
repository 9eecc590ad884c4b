package com.corpastro.performance.monitor;

import java.util.Map;

/**
 * The points of one series in one minute on one node, reduced to mergeable statistics.
 *
 * @param nodeId      the node that recorded the points
 * @param type        their metric type
 * @param tags        their tags
 * @param minuteStart start of the minute, epoch milliseconds
 * @param count       how many points
 * @param sum         sum of their values
 * @param min         smallest value
 * @param max         largest value
 * @param sketch      a DDSketch of the values (1% relative accuracy) in its binary encoding
 */
public record Rollup(String nodeId, MetricType type, Map<String, String> tags, long minuteStart, long count,
        double sum, double min, double max, byte[] sketch) {
}
