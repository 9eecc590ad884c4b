package com.corpastro.performance.monitor.internal;

/**
 * The monitor's raw points: a few {@link Stripe}s (bounded lock-free rings), one chosen by the
 * recording thread's id, so that threads recording at the same time rarely touch the same
 * counter or cache lines. Each stripe holds {@code capacity / stripes} points and drops its own
 * oldest points first; with many request threads the stripes fill evenly.
 */
public final class PointStore {

    private final Stripe[] stripes;
    private final int mask;

    /** A store of at least {@code capacity} points in {@link #defaultStripes()} stripes. */
    public PointStore(int capacity) {
        this(capacity, defaultStripes());
    }

    /** A store of at least {@code capacity} points in {@code stripes} stripes (a power of two). */
    public PointStore(int capacity, int stripes) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        if (stripes <= 0 || Integer.bitCount(stripes) != 1 || stripes > capacity) {
            throw new IllegalArgumentException("stripes must be a power of two from 1 to the capacity, was "
                    + stripes);
        }
        this.stripes = new Stripe[stripes];
        int perStripe = (capacity + stripes - 1) / stripes;
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new Stripe(perStripe);
        }
        this.mask = stripes - 1;
    }

    /** The number of processors rounded up to a power of two, at most 8. */
    public static int defaultStripes() {
        int processors = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        return processors == 1 ? 1 : Integer.highestOneBit(processors - 1) << 1;
    }

    /** Appends a point to the recording thread's stripe. */
    @SuppressWarnings("deprecation") // Thread#threadId() is JDK 19+; the id is only a spreading hint
    public void add(long time, int series, double value) {
        stripes[(int) Thread.currentThread().getId() & mask].add(time, series, value);
    }

    /** Visits every point held now, stripe by stripe, oldest first within a stripe. */
    public void scan(PointVisitor visitor) {
        for (Stripe stripe : stripes) {
            stripe.scan(0, stripe.head(), visitor, false);
        }
    }

    /** Points held now; at most {@link #capacity()}. */
    public long size() {
        long size = 0;
        for (Stripe stripe : stripes) {
            size += stripe.size();
        }
        return size;
    }

    /** The most points held. */
    public int capacity() {
        return stripes[0].capacity() * stripes.length;
    }

    public int stripes() {
        return stripes.length;
    }

    /** Points the allocated chunks can hold. */
    public long allocated() {
        long allocated = 0;
        for (Stripe stripe : stripes) {
            allocated += stripe.allocated();
        }
        return allocated;
    }

    /** A consumer's position in every stripe, for {@link #consume}. */
    public Cursor cursor() {
        return new Cursor(stripes.length);
    }

    /**
     * Visits the points published since {@code cursor} and moves it past them. A slot claimed but
     * not yet published stops the stripe's consumption until the writer publishes it, or until
     * {@code stallTimeoutMs} have passed, when it is skipped.
     *
     * @return how many points were lost: overwritten before they were consumed, or skipped
     */
    public long consume(Cursor cursor, PointVisitor visitor, long nowMillis, long stallTimeoutMs) {
        long lost = 0;
        for (int i = 0; i < stripes.length; i++) {
            Stripe stripe = stripes[i];
            long head = stripe.head();
            long tail = stripe.tail();
            if (cursor.positions[i] < tail) {
                lost += tail - cursor.positions[i];
                cursor.positions[i] = tail;
            }
            long next = stripe.scan(cursor.positions[i], head, visitor, true);
            if (next < head) {
                if (cursor.stalledAt[i] != next) {
                    cursor.stalledAt[i] = next;
                    cursor.stalledSince[i] = nowMillis;
                } else if (nowMillis - cursor.stalledSince[i] > stallTimeoutMs) {
                    next++;
                    lost++;
                }
            }
            cursor.positions[i] = next;
        }
        return lost;
    }

    /** Receives the points of a scan. */
    @FunctionalInterface
    public interface PointVisitor {
        void accept(long time, int series, double value);
    }

    /** Where a consumer stands in each stripe; used by one consumer at a time. */
    public static final class Cursor {
        private final long[] positions;
        private final long[] stalledAt;
        private final long[] stalledSince;

        private Cursor(int stripes) {
            positions = new long[stripes];
            stalledAt = new long[stripes];
            stalledSince = new long[stripes];
            java.util.Arrays.fill(stalledAt, -1);
        }
    }
}
