/**
 * The memory manager: shrinks in-process caches when the heap after GC passes the warning level,
 * sheds load (503) past the critical level, and makes readiness refuse traffic meanwhile.
 *
 * <p>API: {@link com.corpastro.performance.memory.MemoryManager},
 * {@link com.corpastro.performance.memory.LoadShedding}, {@link com.corpastro.performance.memory.MemoryState}
 * and {@link com.corpastro.performance.memory.MemoryPressureListener}. Configuration:
 * {@code MemoryAutoConfiguration}, {@code MemoryProperties} ({@code corp-astro.memory.*}).
 */
package com.corpastro.performance.memory;
