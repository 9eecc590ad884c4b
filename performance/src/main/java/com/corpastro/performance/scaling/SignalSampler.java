package com.corpastro.performance.scaling;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import com.corpastro.performance.db.PoolSnapshot;
import com.corpastro.performance.scaling.ScalingRecommendation.Signal;

/**
 * Samples this node's load into {@link NodeSignals}, each signal over the policy's window:
 * requests in flight (exact average, from {@link RequestLoad}'s time integral), process CPU
 * load (mean of the samples), busy plus waiting pool connections (mean) against the pool size,
 * and the p95 response time against the latency objective. Called from one thread.
 */
final class SignalSampler {

    static final String REQUESTS = "requests";
    static final String CPU = "cpu";
    static final String POOL = "pool";
    static final String LATENCY = "latency";

    private final RequestLoad load;
    private final DoubleSupplier cpu;
    private final Supplier<PoolSnapshot> pool;
    private final ScalingPolicy policy;
    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * @param cpu  the process CPU load now, 0 to 1 (negative when unknown)
     * @param pool the connection pool now, or {@code null} when the application has none
     */
    SignalSampler(RequestLoad load, DoubleSupplier cpu, Supplier<PoolSnapshot> pool, ScalingPolicy policy) {
        this.load = load;
        this.cpu = cpu;
        this.pool = pool;
        this.policy = policy;
        this.windowNanos = policy.window().toNanos();
    }

    private record Sample(long nanos, long busyNanos, double cpu, int poolBusy, int poolMax) {
    }

    synchronized NodeSignals sample() {
        long now = load.now();
        PoolSnapshot connections = pool == null ? null : pool.get();
        Sample sample = new Sample(now, load.busyNanos(now), cpu.getAsDouble(),
                connections == null ? -1 : connections.active() + connections.pending(),
                connections == null ? 0 : connections.max());
        samples.addLast(sample);
        // The oldest sample kept is the last one at or before the window's start: the base of the average.
        while (samples.size() > 1 && secondOldest().nanos() <= now - windowNanos) {
            samples.removeFirst();
        }
        Map<String, Signal> signals = new LinkedHashMap<>();
        Sample base = samples.getFirst();
        double inFlight = now > base.nanos() ? Math.max(0, (double) (sample.busyNanos() - base.busyNanos()))
                / (now - base.nanos()) : load.inFlight();
        signals.put(REQUESTS, signal(inFlight, policy.targetInFlight(), "requests"));
        double cpuLoad = mean(Sample::cpu);
        if (cpuLoad >= 0) {
            signals.put(CPU, signal(cpuLoad, policy.targetCpu(), "load"));
        }
        if (sample.poolMax() > 0) {
            signals.put(POOL, signal(mean(Sample::poolBusy), sample.poolMax(), "connections"));
        }
        Duration p95 = load.p95();
        signals.put(LATENCY, signal(p95.toNanos() / 1e6, policy.latencyObjective().toNanos() / 1e6, "ms"));
        return NodeSignals.of(signals, load.inFlight(), connections == null ? -1 : connections.pending(), p95);
    }

    private Sample secondOldest() {
        Iterator<Sample> iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }

    /** The mean of the known (non-negative) values, or -1 when none is known. */
    private double mean(ToDoubleFunction<Sample> value) {
        double sum = 0;
        int count = 0;
        for (Sample s : samples) {
            double v = value.applyAsDouble(s);
            if (v >= 0) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? -1 : sum / count;
    }

    private static Signal signal(double value, double target, String unit) {
        return new Signal(round(value), round(target), round(value / target), unit);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
