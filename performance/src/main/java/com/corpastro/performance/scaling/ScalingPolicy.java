package com.corpastro.performance.scaling;

import java.time.Duration;

/**
 * The targets and limits of the recommendation, checked when built: each bad value fails with
 * the value in the message.
 *
 * @param targetInFlight      average requests in flight per node at which the request signal is 1.0
 * @param targetCpu           process CPU load (0-1) at which the CPU signal is 1.0
 * @param latencyObjective    p95 response time at which the latency signal is 1.0
 * @param window              how far back the signals look
 * @param tolerance           relative distance from 1.0 within which the replicas stay as they are
 * @param minReplicas         the fewest replicas recommended
 * @param maxReplicas         the most replicas recommended
 * @param stabilizationWindow how long a lower recommendation waits
 */
record ScalingPolicy(int targetInFlight, double targetCpu, Duration latencyObjective, Duration window,
        double tolerance, int minReplicas, int maxReplicas, Duration stabilizationWindow) {

    ScalingPolicy {
        if (targetInFlight <= 0) {
            throw new IllegalArgumentException("targetInFlight must be > 0, was " + targetInFlight);
        }
        if (!(targetCpu > 0 && targetCpu <= 1)) {
            throw new IllegalArgumentException("targetCpu must be above 0 and at most 1, was " + targetCpu);
        }
        positive("latencyObjective", latencyObjective);
        positive("window", window);
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be at least 0 and below 1, was " + tolerance);
        }
        if (minReplicas < 1) {
            throw new IllegalArgumentException("minReplicas must be >= 1, was " + minReplicas);
        }
        if (maxReplicas < minReplicas) {
            throw new IllegalArgumentException("maxReplicas must be >= minReplicas (" + minReplicas + "), was "
                    + maxReplicas);
        }
        if (stabilizationWindow == null || stabilizationWindow.isNegative()) {
            throw new IllegalArgumentException("stabilizationWindow must be >= 0, was " + stabilizationWindow);
        }
    }

    static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }
}
