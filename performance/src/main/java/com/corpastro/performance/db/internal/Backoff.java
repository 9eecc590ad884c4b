package com.corpastro.performance.db.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the pause before retry {@code n} (0-based) is uniform in
 * {@code [initial * 2^n / 2, initial * 2^n]}, capped at {@code max}.
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial == null || initial.isNegative()) {
            throw new IllegalArgumentException("initial backoff must be >= 0, was " + initial);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff must be >= initial backoff " + initial + ", was " + max);
        }
    }

    /** The pause in nanoseconds before retry number {@code retry} (0 for the first retry). */
    public long pauseNanos(int retry) {
        long ceiling = initial.toNanos() << Math.min(retry, 30);
        if (ceiling <= 0 || ceiling > max.toNanos()) {
            ceiling = max.toNanos();
        }
        long floor = ceiling / 2;
        return floor + (ceiling > floor ? ThreadLocalRandom.current().nextLong(ceiling - floor + 1) : 0);
    }
}
