package com.corpastro.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand instead of sleeping, in UTC; safe to move from one thread while others
 * read it.
 *
 * <pre>{@code
 * MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(1));
 * }</pre>
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    /** Sets the clock to {@code epochMillis}. */
    public void set(long epochMillis) {
        now.set(Instant.ofEpochMilli(epochMillis));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
