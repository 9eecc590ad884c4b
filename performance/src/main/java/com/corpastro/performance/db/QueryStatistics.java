package com.corpastro.performance.db;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of what {@link QueryAnalyzer} has seen, for admin endpoints and logs.
 *
 * @param takenAt        when the snapshot was taken
 * @param statements     statements seen
 * @param slowStatements statements at or above the slow-query threshold
 * @param fingerprints   distinct statement shapes currently tracked (bounded)
 * @param top            the shapes with the most total time, highest first
 * @param recentNPlusOne the most recent N+1 incidents, newest first
 */
public record QueryStatistics(Instant takenAt, long statements, long slowStatements, int fingerprints,
        List<FingerprintStats> top, List<NPlusOneIncident> recentNPlusOne) {
}
