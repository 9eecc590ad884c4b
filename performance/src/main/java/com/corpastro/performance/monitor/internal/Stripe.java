package com.corpastro.performance.monitor.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One bounded, lock-free ring of points (time, series id, value) in primitive arrays. Writers
 * claim a sequence number with one atomic increment and publish the slot with a release write
 * of that number; readers check the number before and after reading a slot (a per-slot
 * sequence lock), so a slot overwritten while being read is skipped instead of misread. The
 * oldest points are overwritten first. Memory grows in chunks of 65,536 points up to the
 * capacity (28 bytes a point) and never beyond.
 */
final class Stripe {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final long UNPUBLISHED = -1L;
    private static final int HEAD = 8;
    private static final VarHandle SEQUENCES = MethodHandles.arrayElementVarHandle(long[].class);

    private final int capacity;
    /**
     * The next sequence number, at index {@link #HEAD} of a padded array so that the counters of
     * different stripes, allocated one after another, never share a cache line.
     */
    private final AtomicLongArray head = new AtomicLongArray(2 * HEAD);
    private final AtomicReferenceArray<Chunk> chunks;

    Stripe(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        this.capacity = capacity;
        this.chunks = new AtomicReferenceArray<>((capacity + CHUNK_SIZE - 1) >>> CHUNK_BITS);
    }

    /** Appends a point, overwriting the oldest one when full. */
    public void add(long time, int series, double value) {
        long sequence = head.getAndIncrement(HEAD);
        int slot = (int) (sequence % capacity);
        Chunk chunk = chunk(slot >>> CHUNK_BITS);
        int i = slot & CHUNK_MASK;
        SEQUENCES.setOpaque(chunk.sequences, i, UNPUBLISHED);
        VarHandle.storeStoreFence();
        chunk.times[i] = time;
        chunk.series[i] = series;
        chunk.values[i] = value;
        SEQUENCES.setRelease(chunk.sequences, i, sequence);
    }

    /** The sequence number the next point gets; also the number of points ever added. */
    public long head() {
        return head.get(HEAD);
    }

    /** The oldest sequence number still held. */
    public long tail() {
        return Math.max(0, head.get(HEAD) - capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** Points held now, at most {@link #capacity()}. */
    public long size() {
        return Math.min(head.get(HEAD), capacity);
    }

    /** Points the allocated chunks can hold; never more than the capacity rounded up to a chunk. */
    public long allocated() {
        long allocated = 0;
        for (int i = 0; i < chunks.length(); i++) {
            if (chunks.get(i) != null) {
                allocated += CHUNK_SIZE;
            }
        }
        return allocated;
    }

    /**
     * Visits the published points with sequence numbers in {@code [from, to)} that are still
     * held, oldest first.
     *
     * @param stopAtUnpublished stop at the first slot a writer has claimed but not yet published
     *                          (for consumers that must not miss points) instead of skipping it
     * @return the sequence number after the last one visited or skipped
     */
    public long scan(long from, long to, PointStore.PointVisitor visitor, boolean stopAtUnpublished) {
        long start = Math.max(from, tail());
        for (long sequence = start; sequence < to; sequence++) {
            int slot = (int) (sequence % capacity);
            Chunk chunk = chunks.get(slot >>> CHUNK_BITS);
            if (chunk == null) {
                if (stopAtUnpublished) {
                    return sequence;
                }
                continue;
            }
            int i = slot & CHUNK_MASK;
            long before = (long) SEQUENCES.getAcquire(chunk.sequences, i);
            if (before != sequence) {
                if (before < sequence && stopAtUnpublished) {
                    return sequence;
                }
                continue;
            }
            long time = chunk.times[i];
            int series = chunk.series[i];
            double value = chunk.values[i];
            VarHandle.loadLoadFence();
            if ((long) SEQUENCES.getOpaque(chunk.sequences, i) != sequence) {
                continue;
            }
            visitor.accept(time, series, value);
        }
        return to;
    }

    private Chunk chunk(int index) {
        Chunk chunk = chunks.getAcquire(index);
        if (chunk == null) {
            int size = Math.min(CHUNK_SIZE, capacity - (index << CHUNK_BITS));
            Chunk created = new Chunk(size);
            chunk = chunks.compareAndExchange(index, null, created);
            if (chunk == null) {
                chunk = created;
            }
        }
        return chunk;
    }

    private static final class Chunk {
        final long[] sequences;
        final long[] times;
        final int[] series;
        final double[] values;

        Chunk(int size) {
            sequences = new long[size];
            Arrays.fill(sequences, UNPUBLISHED);
            times = new long[size];
            series = new int[size];
            values = new double[size];
        }
    }
}
