package com.corpastro.performance.monitor;

/**
 * Adds a section to {@code GET /api/admin/performance/summary}, such as cache hit rates, pool
 * state or memory state. Beans of this type are picked up by the monitor's auto-configuration.
 */
public interface SummaryContributor {

    /** The section's name in the summary, such as {@code cache}. */
    String name();

    /** The section's content, serialized as JSON; {@code null} leaves the section out. */
    Object contribute();
}
