package com.corpastro.performance.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Rollups on the heap, for applications without a database: they do not survive a restart and
 * are not shared between nodes. Holds at most {@code maximumRollups}, dropping the oldest saved.
 */
public final class InMemoryRollupStore implements RollupStore {

    private final int maximumRollups;
    private final Deque<Rollup> rollups = new ArrayDeque<>();

    public InMemoryRollupStore(int maximumRollups) {
        if (maximumRollups <= 0) {
            throw new IllegalArgumentException("maximumRollups must be > 0, was " + maximumRollups);
        }
        this.maximumRollups = maximumRollups;
    }

    @Override
    public synchronized void save(List<Rollup> added) {
        for (Rollup rollup : added) {
            if (rollups.size() == maximumRollups) {
                rollups.removeFirst();
            }
            rollups.addLast(rollup);
        }
    }

    @Override
    public synchronized List<Rollup> load(MetricType type, long from, long to) {
        List<Rollup> found = new ArrayList<>();
        for (Rollup rollup : rollups) {
            if (rollup.type() == type && rollup.minuteStart() >= from && rollup.minuteStart() < to) {
                found.add(rollup);
            }
        }
        return found;
    }

    @Override
    public synchronized int deleteBefore(long minuteStart) {
        int before = rollups.size();
        rollups.removeIf(rollup -> rollup.minuteStart() < minuteStart);
        return before - rollups.size();
    }

    /** How many rollups are held. */
    public synchronized int size() {
        return rollups.size();
    }
}
