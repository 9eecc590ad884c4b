package com.corpastro.performance.scaling;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.corpastro.performance.scaling.ScalingRecommendation.Signal;

/**
 * One sample of this node's signals.
 *
 * @param signals     by name, only those the node can measure
 * @param utilization the highest utilization among them (0 when none)
 * @param dominant    the name of the signal with that utilization ({@code none} without signals)
 * @param inFlight    requests in flight at the sample
 * @param poolPending threads waiting for a database connection at the sample, -1 without a pool
 * @param p95         the p95 response time over the window
 */
record NodeSignals(Map<String, Signal> signals, double utilization, String dominant, int inFlight, int poolPending,
        Duration p95) {

    static final NodeSignals NONE = new NodeSignals(Map.of(), 0, "none", 0, -1, Duration.ZERO);

    static NodeSignals of(Map<String, Signal> signals, int inFlight, int poolPending, Duration p95) {
        double utilization = 0;
        String dominant = "none";
        for (Map.Entry<String, Signal> signal : signals.entrySet()) {
            if (signal.getValue().utilization() > utilization || dominant.equals("none")) {
                utilization = signal.getValue().utilization();
                dominant = signal.getKey();
            }
        }
        return new NodeSignals(Collections.unmodifiableMap(new LinkedHashMap<>(signals)), utilization, dominant, inFlight, poolPending, p95);
    }
}
