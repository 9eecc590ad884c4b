package com.corpastro.performance.db.internal;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleConsumer;

import com.corpastro.performance.db.ExplainFinding;
import com.corpastro.performance.db.FingerprintStats;

/** Running statistics of one fingerprint, in constant memory. */
public final class FingerprintAccumulator {

    private static final int RECENT = 256;

    private final String fingerprint;
    private final long[] recent = new long[RECENT];
    private int recentCount;
    private int next;
    private long count;
    private long totalNanos;
    private long maxNanos;
    private long rows;
    private long errors;
    private long nPlusOneRequests;
    private volatile List<ExplainFinding> findings = List.of();
    private volatile long explainedAtNanos;
    private final AtomicBoolean explaining = new AtomicBoolean();
    /** Where each statement's duration goes besides these statistics, made once for the fingerprint. */
    private volatile DoubleConsumer recorder;

    public FingerprintAccumulator(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public synchronized void record(long nanos, long rowCount, boolean failed) {
        count++;
        totalNanos += nanos;
        maxNanos = Math.max(maxNanos, nanos);
        rows += Math.max(0, rowCount);
        if (failed) {
            errors++;
        }
        recent[next] = nanos;
        next = (next + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
    }

    /** The recorder made for this fingerprint, or {@code null}. */
    public DoubleConsumer recorder() {
        return recorder;
    }

    public void recorder(DoubleConsumer recorder) {
        this.recorder = recorder;
    }

    public synchronized void nPlusOne() {
        nPlusOneRequests++;
    }

    public synchronized long totalNanos() {
        return totalNanos;
    }

    /** Claims the right to run EXPLAIN if none ran within {@code intervalNanos}; release with {@link #explained}. */
    public boolean claimExplain(long nowNanos, long intervalNanos) {
        if (explainedAtNanos != 0 && nowNanos - explainedAtNanos < intervalNanos) {
            return false;
        }
        return explaining.compareAndSet(false, true);
    }

    public void explained(List<ExplainFinding> found, long nowNanos) {
        findings = List.copyOf(found);
        explainedAtNanos = nowNanos;
        explaining.set(false);
    }

    public void explainFailed(long nowNanos) {
        explainedAtNanos = nowNanos;
        explaining.set(false);
    }

    public synchronized FingerprintStats snapshot() {
        long[] window = Arrays.copyOf(recent, recentCount);
        Arrays.sort(window);
        long p95 = window.length == 0 ? 0 : window[Math.min(window.length - 1, (int) Math.ceil(window.length * 0.95) - 1)];
        return new FingerprintStats(fingerprint, count, millis(totalNanos), count == 0 ? 0 : millis(totalNanos) / count,
                millis(p95), millis(maxNanos), rows, errors, nPlusOneRequests, findings);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
