package com.corpastro.performance.scaling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the scaling signals, the replica recommendation, the node heartbeats and the drain
 * on shutdown, under {@code corp-astro.scaling}.
 */
@ConfigurationProperties("corp-astro.scaling")
public class ScalingProperties {

    /** Whether the node measures its load, recommends a replica count and drains on shutdown. */
    private boolean enabled = true;

    /** Requests in flight on one node (averaged over the window) at which the request signal is 1.0. */
    private int targetInFlight = 32;

    /** Process CPU load (0 to 1, of all the node's processors) at which the CPU signal is 1.0. */
    private double targetCpu = 0.75;

    /** 95th percentile response time at which the latency signal is 1.0. */
    private Duration latencyObjective = Duration.ofMillis(250);

    /** How far back the signals look: in-flight requests, CPU and pool are averaged, the p95 is taken over it. */
    private Duration window = Duration.ofSeconds(30);

    /** How often the signals are sampled and the recommendation is evaluated. */
    private Duration sampleInterval = Duration.ofSeconds(1);

    /** How long a lower recommendation waits: scale-down follows the highest recommendation within it. */
    private Duration stabilizationWindow = Duration.ofMinutes(5);

    /** Relative distance from the target (1.0) within which the recommendation keeps the current replicas. */
    private double tolerance = 0.1;

    /** The fewest replicas ever recommended. */
    private int minReplicas = 1;

    /** The most replicas ever recommended. */
    private int maxReplicas = 10;

    /**
     * How long a node keeps serving after SIGTERM with readiness refusing traffic, before graceful
     * shutdown, so load balancers stop sending to it first.
     */
    private Duration drainDelay = Duration.ofSeconds(5);

    /** This node's name in the heartbeats; empty: the host name (pod name) and process id with a random suffix. */
    private String nodeId = "";

    /** How often the node writes its heartbeat (and its utilization) to Redis. */
    private Duration heartbeatInterval = Duration.ofSeconds(5);

    /** How long a heartbeat counts a node as running. */
    private Duration heartbeatTtl = Duration.ofSeconds(15);

    /** Redis for the heartbeats; empty: corp-astro.cache.redis.url, REDIS_URL or spring.data.redis.url, else none (one node). */
    private String redisUrl = "";

    /** Longest wait for one heartbeat command. */
    private Duration redisTimeout = Duration.ofMillis(500);

    /** The Redis hash that holds the heartbeats of every node. */
    private String heartbeatKey = "corp-astro:scaling:nodes";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getTargetInFlight() {
        return targetInFlight;
    }

    public void setTargetInFlight(int targetInFlight) {
        this.targetInFlight = targetInFlight;
    }

    public double getTargetCpu() {
        return targetCpu;
    }

    public void setTargetCpu(double targetCpu) {
        this.targetCpu = targetCpu;
    }

    public Duration getLatencyObjective() {
        return latencyObjective;
    }

    public void setLatencyObjective(Duration latencyObjective) {
        this.latencyObjective = latencyObjective;
    }

    public Duration getWindow() {
        return window;
    }

    public void setWindow(Duration window) {
        this.window = window;
    }

    public Duration getSampleInterval() {
        return sampleInterval;
    }

    public void setSampleInterval(Duration sampleInterval) {
        this.sampleInterval = sampleInterval;
    }

    public Duration getStabilizationWindow() {
        return stabilizationWindow;
    }

    public void setStabilizationWindow(Duration stabilizationWindow) {
        this.stabilizationWindow = stabilizationWindow;
    }

    public double getTolerance() {
        return tolerance;
    }

    public void setTolerance(double tolerance) {
        this.tolerance = tolerance;
    }

    public int getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(int minReplicas) {
        this.minReplicas = minReplicas;
    }

    public int getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(int maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public Duration getDrainDelay() {
        return drainDelay;
    }

    public void setDrainDelay(Duration drainDelay) {
        this.drainDelay = drainDelay;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getHeartbeatTtl() {
        return heartbeatTtl;
    }

    public void setHeartbeatTtl(Duration heartbeatTtl) {
        this.heartbeatTtl = heartbeatTtl;
    }

    public String getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public Duration getRedisTimeout() {
        return redisTimeout;
    }

    public void setRedisTimeout(Duration redisTimeout) {
        this.redisTimeout = redisTimeout;
    }

    public String getHeartbeatKey() {
        return heartbeatKey;
    }

    public void setHeartbeatKey(String heartbeatKey) {
        this.heartbeatKey = heartbeatKey;
    }

    /** The recommendation's settings, checked. */
    ScalingPolicy policy() {
        return new ScalingPolicy(targetInFlight, targetCpu, latencyObjective, window, tolerance, minReplicas,
                maxReplicas, stabilizationWindow);
    }
}
