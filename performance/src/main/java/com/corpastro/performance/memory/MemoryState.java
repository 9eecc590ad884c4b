package com.corpastro.performance.memory;

/** How much heap is left after garbage collection, as {@link MemoryManager} sees it. */
public enum MemoryState {
    /** Below the warning level. */
    NORMAL,
    /** Above the warning level: in-process caches are shrunk. */
    WARNING,
    /** Above the critical level: caches are shrunk and content generation is refused with 503. */
    CRITICAL
}
