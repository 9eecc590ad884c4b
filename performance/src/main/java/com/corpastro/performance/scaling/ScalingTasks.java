package com.corpastro.performance.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Clock;

/**
 * The scaling thread: every sample interval it samples the signals and evaluates the
 * recommendation; every heartbeat interval it also writes this node's heartbeat and reads the
 * others'. It leaves the heartbeats when the node drains or stops.
 */
final class ScalingTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScalingTasks.class);

    private final SignalSampler sampler;
    private final ScalingAdvisor advisor;
    private final ClusterView cluster;
    private final String nodeId;
    private final Clock clock;
    private final Duration sampleInterval;
    private final long heartbeatMillis;
    private volatile NodeSignals latest = NodeSignals.NONE;
    private List<NodeLoad> nodes = List.of();
    private long nextHeartbeat = Long.MIN_VALUE;
    private boolean left;
    private ScheduledExecutorService executor;

    ScalingTasks(SignalSampler sampler, ScalingAdvisor advisor, ClusterView cluster, String nodeId, Clock clock,
            Duration sampleInterval, Duration heartbeatInterval) {
        this.sampler = sampler;
        this.advisor = advisor;
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.clock = clock;
        this.sampleInterval = ScalingPolicy.positive("sampleInterval", sampleInterval);
        this.heartbeatMillis = ScalingPolicy.positive("heartbeatInterval", heartbeatInterval).toMillis();
    }

    /** This node's signals at the last sample. */
    NodeSignals latest() {
        return latest;
    }

    String nodeId() {
        return nodeId;
    }

    /** One round: sample, heartbeat when due, evaluate. */
    synchronized void tick() {
        NodeSignals signals = sampler.sample();
        latest = signals;
        long wall = clock.wallTime();
        if (!left && wall >= nextHeartbeat) {
            nodes = cluster.heartbeat(nodeId, signals.utilization(), wall);
            nextHeartbeat = wall + heartbeatMillis;
        } else if (!left) {
            // Between heartbeats this node's own entry follows its latest sample.
            List<NodeLoad> updated = new ArrayList<>(nodes.size());
            nodes.forEach(node -> updated.add(node.nodeId().equals(nodeId)
                    ? new NodeLoad(nodeId, signals.utilization()) : node));
            nodes = updated;
        }
        advisor.evaluate(signals, nodes, clock.monotonicTime());
    }

    /** This node is going: it is no longer counted by the others. */
    synchronized void leave() {
        if (!left) {
            left = true;
            cluster.leave(nodeId);
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "corp-astro-scaling");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("event=scaling_tick_failed error=\"{}\"", e.getMessage());
            }
        }, 0, sampleInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
        leave();
        cluster.close();
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
