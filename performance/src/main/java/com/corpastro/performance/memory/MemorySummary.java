package com.corpastro.performance.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;

import com.corpastro.performance.monitor.SummaryContributor;

/** The {@code memory} section of the performance summary: the manager's state, its levels and the heap now. */
final class MemorySummary implements SummaryContributor {

    private final MemoryManager manager;

    MemorySummary(MemoryManager manager) {
        this.manager = manager;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Object contribute() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("state", manager.state().name());
        section.put("sheddingLoad", manager.isSheddingLoad());
        section.put("heapUsedAfterGc", manager.lastHeapUsage());
        section.put("warningLevel", manager.warningLevel());
        section.put("criticalLevel", manager.criticalLevel());
        section.put("heapUsedBytes", heap.getUsed());
        section.put("heapCommittedBytes", heap.getCommitted());
        section.put("heapMaxBytes", heap.getMax());
        return section;
    }
}
