package com.corpastro.performance.scaling;

import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The scaling signals as Micrometer gauges, for Prometheus (and through it the HPA's Prometheus
 * Adapter or KEDA). In Prometheus' names:
 *
 * <ul>
 * <li>{@code corp_astro_scaling_utilization}: this node's combined utilization (its highest
 * signal over that signal's target; 1.0 = at target)</li>
 * <li>{@code corp_astro_scaling_signal_utilization{signal="requests|cpu|pool|latency"}}: each
 * signal's utilization (NaN when the node cannot measure it)</li>
 * <li>{@code corp_astro_scaling_in_flight}: requests in flight now</li>
 * <li>{@code corp_astro_scaling_pool_pending}: threads waiting for a database connection</li>
 * <li>{@code corp_astro_scaling_latency_p95_seconds}: p95 response time over the window</li>
 * <li>{@code corp_astro_scaling_replicas_current}, {@code corp_astro_scaling_replicas_recommended}</li>
 * </ul>
 */
final class ScalingMeters implements MeterBinder {

    /** Micrometer's name of the combined utilization ({@code corp_astro_scaling_utilization} in Prometheus). */
    static final String UTILIZATION = "corp_astro.scaling.utilization";

    private final ScalingTasks tasks;
    private final ScalingAdvisor advisor;
    private final RequestLoad load;

    ScalingMeters(ScalingTasks tasks, ScalingAdvisor advisor, RequestLoad load) {
        this.tasks = tasks;
        this.advisor = advisor;
        this.load = load;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(UTILIZATION, tasks, t -> t.latest().utilization())
                .description("Combined utilization of this node: its highest signal over that signal's target (1.0 = at target)")
                .strongReference(true).register(registry);
        for (String signal : List.of(SignalSampler.REQUESTS, SignalSampler.CPU, SignalSampler.POOL,
                SignalSampler.LATENCY)) {
            Gauge.builder("corp_astro.scaling.signal.utilization", tasks, t -> {
                ScalingRecommendation.Signal value = t.latest().signals().get(signal);
                return value == null ? Double.NaN : value.utilization();
            }).tag("signal", signal).description("Utilization of one scaling signal of this node (1.0 = at target)")
                    .strongReference(true).register(registry);
        }
        Gauge.builder("corp_astro.scaling.in_flight", load, RequestLoad::inFlight)
                .description("Requests in flight on this node").strongReference(true).register(registry);
        Gauge.builder("corp_astro.scaling.pool.pending", tasks, t -> t.latest().poolPending() < 0 ? Double.NaN
                : t.latest().poolPending())
                .description("Threads waiting for a database connection at the last sample")
                .strongReference(true).register(registry);
        Gauge.builder("corp_astro.scaling.latency.p95", tasks, t -> t.latest().p95().toNanos() / 1e9)
                .baseUnit("seconds").description("95th percentile response time of this node over the window")
                .strongReference(true).register(registry);
        Gauge.builder("corp_astro.scaling.replicas.current", advisor, a -> a.recommendation().currentReplicas())
                .description("Running nodes, from their heartbeats").strongReference(true).register(registry);
        Gauge.builder("corp_astro.scaling.replicas.recommended", advisor,
                a -> a.recommendation().recommendedReplicas())
                .description("Replicas the load asks for (the HPA formula, scale-down stabilized)")
                .strongReference(true).register(registry);
    }
}
