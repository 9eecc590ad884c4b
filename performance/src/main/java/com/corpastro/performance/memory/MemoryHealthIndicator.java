package com.corpastro.performance.memory;

import java.util.Locale;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code memory} health component: UP in {@link MemoryState#NORMAL} and
 * {@link MemoryState#WARNING} (caches shrunk, everything served), OUT_OF_SERVICE in
 * {@link MemoryState#CRITICAL}, while new content is refused; with the state, the heap used after
 * the last collection and the levels as details.
 */
final class MemoryHealthIndicator implements HealthIndicator {

    private final MemoryManager memoryManager;

    MemoryHealthIndicator(MemoryManager memoryManager) {
        this.memoryManager = memoryManager;
    }

    @Override
    public Health health() {
        Health.Builder health = memoryManager.isSheddingLoad() ? Health.outOfService() : Health.up();
        return health.withDetail("state", memoryManager.state().name())
                .withDetail("heapUsedAfterGc", String.format(Locale.ROOT, "%.3f", memoryManager.lastHeapUsage()))
                .withDetail("warningLevel", memoryManager.warningLevel())
                .withDetail("criticalLevel", memoryManager.criticalLevel())
                .build();
    }
}
