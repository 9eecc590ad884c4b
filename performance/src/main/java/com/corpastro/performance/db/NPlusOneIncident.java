package com.corpastro.performance.db;

import java.time.Instant;

/**
 * One HTTP request that ran the same statement more times than the N+1 threshold allows.
 *
 * @param route       the request's route ({@code GET /api/businesses/{id}}) or its method and path
 * @param fingerprint the repeated statement
 * @param executions  how often it ran within the request
 * @param detectedAt  when the request ended
 */
public record NPlusOneIncident(String route, String fingerprint, int executions, Instant detectedAt) {
}
