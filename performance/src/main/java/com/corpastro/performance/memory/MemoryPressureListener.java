package com.corpastro.performance.memory;

/**
 * Reacts to {@link MemoryManager} state changes, for example by dropping cache entries when the
 * state rises to {@link MemoryState#WARNING} or above. Called on the thread that observed the
 * change (a JMX notification thread or the sampler); should return quickly.
 */
@FunctionalInterface
public interface MemoryPressureListener {

    /**
     * @param previous  the state before
     * @param current   the state now
     * @param heapUsage heap used after the last collection, as a share of the maximum (0 to 1)
     */
    void onMemoryStateChange(MemoryState previous, MemoryState current, double heapUsage);
}
