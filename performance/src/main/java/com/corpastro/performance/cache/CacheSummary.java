package com.corpastro.performance.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.corpastro.performance.monitor.SummaryContributor;

/** The {@code cache} section of the performance summary: hits, misses and hit rate, overall and per level. */
final class CacheSummary implements SummaryContributor {

    private final Supplier<CacheManager> cache;

    /** @param cache the application cache, or {@code null} when there is none (or more than one) */
    CacheSummary(Supplier<CacheManager> cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public Object contribute() {
        CacheManager manager = cache.get();
        if (manager == null) {
            return null;
        }
        CacheStats stats = manager.stats();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("hits", stats.hits());
        section.put("misses", stats.misses());
        section.put("hitRate", stats.hitRate());
        section.put("l1", level(stats.l1Hits(), stats.l1Misses()));
        section.put("l2", level(stats.l2Hits(), stats.l2Misses()));
        return section;
    }

    private static Map<String, Object> level(long hits, long misses) {
        long lookups = hits + misses;
        return Map.of("hits", hits, "misses", misses, "hitRate", lookups == 0 ? 0.0 : (double) hits / lookups);
    }
}
