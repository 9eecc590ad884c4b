package com.corpastro.performance.scaling;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The requests of this node: how many are in flight, the time integral of that count (so the
 * average concurrency between any two readings is exact, long requests included while they run),
 * and the 95th percentile of their response times over a sliding window (Micrometer's
 * time-window percentiles). Three adder updates per request edge; no lock.
 */
final class RequestLoad {

    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);
    private static final long LAST_REQUEST_RESOLUTION_NANOS = 100_000_000L;

    private final Clock clock;
    private final long origin;
    private final LongAdder inFlight = new LongAdder();
    /** Sum of the start times (nanos since origin) of the requests in flight. */
    private final LongAdder startedSum = new LongAdder();
    /** Sum of the durations of the finished requests. */
    private final LongAdder finishedNanos = new LongAdder();
    private final Timer latency;
    /** When the last request started, to within {@link #LAST_REQUEST_RESOLUTION_NANOS}: written at most that often. */
    private volatile long lastStarted = Long.MIN_VALUE;

    /**
     * @param clock  time source (Micrometer's, so a {@code MockClock} moves it in tests)
     * @param window how far back the p95 looks
     */
    RequestLoad(Clock clock, Duration window) {
        this.clock = clock;
        this.origin = clock.monotonicTime();
        // A private registry: the percentile is a scaling input, not one more exported series.
        this.latency = Timer.builder("corp_astro.scaling.latency")
                .publishPercentiles(0.95)
                .percentilePrecision(2)
                .distributionStatisticExpiry(ScalingPolicy.positive("window", window))
                .distributionStatisticBufferLength(3)
                .register(new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock));
    }

    /** A request started; pass what this returns to {@link #finished(long)}. */
    long started() {
        long now = clock.monotonicTime() - origin;
        long last = lastStarted;
        if (last == Long.MIN_VALUE || now - last > LAST_REQUEST_RESOLUTION_NANOS) {
            lastStarted = now;
        }
        startedSum.add(now);
        inFlight.increment();
        return now;
    }

    /** The request that {@link #started()} returned {@code start} for has finished. */
    void finished(long start) {
        long nanos = clock.monotonicTime() - origin - start;
        finishedNanos.add(nanos);
        inFlight.decrement();
        startedSum.add(-start);
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Requests in flight now. */
    int inFlight() {
        return (int) Math.max(0, inFlight.sum());
    }

    /** How long ago the last request started (to within 100 ms); very long when none ever did. */
    Duration sinceLastRequest() {
        long last = lastStarted;
        return last == Long.MIN_VALUE ? FOREVER : Duration.ofNanos(now() - last);
    }

    /** The reading time of {@link #busyNanos()}: nanoseconds on this load's own time line. */
    long now() {
        return clock.monotonicTime() - origin;
    }

    /**
     * The integral of the in-flight count over time up to {@code now} (from {@link #now()}), in
     * nanoseconds: its difference between two readings divided by the time between them is the
     * average number of requests in flight.
     */
    long busyNanos(long now) {
        return finishedNanos.sum() + inFlight.sum() * now - startedSum.sum();
    }

    /** The 95th percentile response time over the window; zero when no request finished in it. */
    Duration p95() {
        for (ValueAtPercentile value : latency.takeSnapshot().percentileValues()) {
            return Duration.ofNanos((long) value.value(TimeUnit.NANOSECONDS));
        }
        return Duration.ZERO;
    }
}
