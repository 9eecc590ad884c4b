package com.corpastro.performance.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * An exact counter for the L1 hit path that usually costs plain loads and one plain store instead
 * of an atomic instruction (a {@link LongAdder} increment is a locked CAS, about half the cost of
 * a whole Caffeine lookup).
 *
 * <p>Each thread maps to a slot by its id. The first thread to use a free slot claims it for
 * good (one CAS) and from then on is the slot's only writer, so its plain increments lose
 * nothing. A thread whose slot another thread owns counts in a shared {@link LongAdder}. Thread
 * ids are never reused, so with many short-lived threads (virtual threads) the slots end up owned
 * by finished threads and counting falls back to the adder: slower, still exact.
 */
final class HitCounter {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int SLOTS = 128;
    /** Longs between slots: 128 bytes, so two threads' slots never share a cache line (or its prefetch pair). */
    private static final int SPACING = 16;
    private static final long FREE = 0;

    /** Per slot, at {@code (slot + 1) * SPACING}: the owner's thread id + 1, then its count. */
    private final long[] slots = new long[(SLOTS + 1) * SPACING];
    private final LongAdder shared = new LongAdder();

    void increment() {
        long owner = Thread.currentThread().getId() + 1;
        int at = (((int) owner & (SLOTS - 1)) + 1) * SPACING;
        long current = (long) LONGS.getOpaque(slots, at);
        if (current == owner || (current == FREE && LONGS.compareAndSet(slots, at, FREE, owner))) {
            LONGS.setOpaque(slots, at + 1, (long) LONGS.getOpaque(slots, at + 1) + 1);
        } else {
            shared.increment();
        }
    }

    long sum() {
        long sum = shared.sum();
        for (int slot = 1; slot <= SLOTS; slot++) {
            sum += (long) LONGS.getOpaque(slots, slot * SPACING + 1);
        }
        return sum;
    }
}
