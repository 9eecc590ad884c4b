package com.corpastro.performance.scaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code GET /api/admin/scaling} answers: how many replicas run, how many the load asks for,
 * and why.
 *
 * @param currentReplicas     nodes whose heartbeat is fresh (this one included); 1 without Redis
 * @param recommendedReplicas {@code ceil(currentReplicas × utilization)} within the tolerance and
 *                            the replica limits; a lower value only once the stabilization window
 *                            has passed without a higher one
 * @param utilization         the average combined utilization of those nodes (1.0 = at target)
 * @param signals             this node's signals by name ({@code requests}, {@code cpu},
 *                            {@code pool}, {@code latency}); one it cannot measure is left out
 * @param reason              the decision in a sentence
 */
public record ScalingRecommendation(int currentReplicas, int recommendedReplicas, double utilization,
        Map<String, Signal> signals, String reason) {

    public ScalingRecommendation {
        signals = Collections.unmodifiableMap(new LinkedHashMap<>(signals));
    }

    /**
     * One load signal of this node.
     *
     * @param value       the measured value over the window (average requests in flight, CPU load
     *                    0-1, average busy plus waiting connections, p95 in milliseconds)
     * @param target      the value at which the signal's utilization is 1.0
     * @param utilization {@code value / target}
     * @param unit        what value and target count
     */
    public record Signal(double value, double target, double utilization, String unit) {
    }
}
