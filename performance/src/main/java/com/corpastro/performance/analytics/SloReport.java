package com.corpastro.performance.analytics;

import java.time.Instant;
import java.util.List;

/**
 * Every service-level objective at one instant.
 *
 * @param evaluatedAt when
 * @param objectives  one per configured endpoint type
 */
public record SloReport(Instant evaluatedAt, List<ObjectiveStatus> objectives) {
}
