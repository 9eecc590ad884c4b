/**
 * Auto-scaling support: this node's load signals, a replica recommendation, node heartbeats and
 * the drain on SIGTERM.
 *
 * <ul>
 * <li>Signals, each averaged or taken over {@code corp-astro.scaling.window}: requests in flight
 * against a per-node concurrency target, process CPU against a CPU target, busy plus waiting
 * pool connections against the pool size, p95 response time against an objective. The combined
 * utilization is the highest of them; all are Micrometer gauges
 * ({@code corp_astro_scaling_utilization} in Prometheus, 1.0 = at target).</li>
 * <li>{@link com.corpastro.performance.scaling.ScalingAdvisor#recommendation()}: the HPA formula
 * over the nodes whose heartbeat is fresh in Redis (1 without Redis), scale-up at once, scale-down
 * stabilized; served at {@code GET /api/admin/scaling} as a
 * {@link com.corpastro.performance.scaling.ScalingRecommendation}.</li>
 * <li>The drain: on SIGTERM readiness refuses traffic, the node serves for the drain delay with
 * {@code Connection: close}, publishes {@link com.corpastro.performance.scaling.DrainStarted},
 * then Spring's graceful shutdown runs.</li>
 * </ul>
 *
 * <p>Configured by {@link com.corpastro.performance.scaling.ScalingProperties}
 * ({@code corp-astro.scaling.*}).
 */
package com.corpastro.performance.scaling;
