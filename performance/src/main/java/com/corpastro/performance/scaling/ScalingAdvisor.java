package com.corpastro.performance.scaling;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Turns the load into a replica recommendation with the Kubernetes HPA formula:
 * {@code desired = ceil(currentReplicas × utilization / 1.0)}, where utilization is the average
 * of every running node's combined utilization (each node's highest signal, 1.0 = at target), kept
 * at the current count within the tolerance and held between the replica limits. A higher
 * recommendation applies at once; a lower one only when no higher one was made within the
 * stabilization window, as the HPA stabilizes scale-down.
 *
 * <pre>{@code
 * ScalingRecommendation now = advisor.recommendation();
 * now.recommendedReplicas();   // e.g. 3, with now.reason() saying why
 * }</pre>
 */
public final class ScalingAdvisor {

    private final ScalingPolicy policy;
    private final long stabilizationNanos;
    private final Deque<long[]> history = new ArrayDeque<>();
    private volatile ScalingRecommendation recommendation;

    ScalingAdvisor(ScalingPolicy policy) {
        this.policy = policy;
        this.stabilizationNanos = policy.stabilizationWindow().toNanos();
        this.recommendation = new ScalingRecommendation(1, policy.minReplicas(), 0, NodeSignals.NONE.signals(),
                "no sample yet");
    }

    /** The latest recommendation (evaluated every sample interval). */
    public ScalingRecommendation recommendation() {
        return recommendation;
    }

    /**
     * Evaluates the recommendation for this node's {@code signals} and the running {@code nodes}
     * (their heartbeats, this node included) at {@code nowNanos} (a monotonic time).
     */
    synchronized ScalingRecommendation evaluate(NodeSignals signals, List<NodeLoad> nodes, long nowNanos) {
        int current = Math.max(1, nodes.size());
        double utilization = nodes.isEmpty() ? signals.utilization()
                : nodes.stream().mapToDouble(NodeLoad::utilization).average().orElse(0);
        int desired;
        String why;
        if (Math.abs(utilization - 1.0) <= policy.tolerance()) {
            desired = current;
            why = String.format(Locale.ROOT, "utilization %.2f is within %.0f%% of the target 1.0", utilization,
                    policy.tolerance() * 100);
        } else {
            desired = (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(current * utilization - 1e-9));
            why = String.format(Locale.ROOT, "utilization %.2f (this node's highest signal: %s %.2f) on %d node%s"
                    + " asks for %d", utilization, signals.dominant(), signals.utilization(), current,
                    current == 1 ? "" : "s", desired);
        }
        int bounded = Math.max(policy.minReplicas(), Math.min(policy.maxReplicas(), desired));
        if (bounded != desired) {
            why += bounded > desired ? ", raised to min-replicas " + bounded : ", capped at max-replicas " + bounded;
        }
        while (!history.isEmpty() && history.peekFirst()[0] < nowNanos - stabilizationNanos) {
            history.removeFirst();
        }
        int held = history.stream().mapToInt(entry -> (int) entry[1]).max().orElse(bounded);
        history.addLast(new long[] {nowNanos, bounded});
        int recommended = Math.max(bounded, held);
        String reason;
        if (recommended > bounded) {
            reason = "scale-down held: " + why + ", but " + recommended + " was recommended within the last "
                    + policy.stabilizationWindow();
        } else if (recommended > current) {
            reason = "scale up: " + why;
        } else if (recommended < current) {
            reason = "scale down: " + why;
        } else {
            reason = "steady: " + why;
        }
        recommendation = new ScalingRecommendation(current, recommended, round(utilization), signals.signals(),
                reason);
        return recommendation;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
