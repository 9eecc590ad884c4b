package com.corpastro.performance.analytics;

import java.time.Instant;

/**
 * An alert: a burn-rate rule of a service-level objective that fired, or a route whose p95 left
 * its baseline. One alert covers a condition from when it fired until it cleared.
 *
 * @param id         unique id, also the webhook's {@code Idempotency-Key}
 * @param key        what it is about, stable while the condition lasts ({@code burn_rate:content:page},
 *                   {@code anomaly:GET /api/templates})
 * @param kind       {@code burn_rate} or {@code anomaly}
 * @param severity   {@code page} or {@code ticket}
 * @param subject    the objective or route
 * @param message    one human sentence
 * @param value      the measured value (a burn rate, a p95 in ms)
 * @param threshold  the value it crossed
 * @param status     {@code firing} or {@code resolved}
 * @param firedAt    when it fired
 * @param lastSeenAt the last evaluation that still found the condition
 * @param resolvedAt when the condition cleared; {@code null} while firing
 * @param nodeId     the node that raised it
 */
public record Alert(String id, String key, String kind, String severity, String subject, String message,
        double value, double threshold, String status, Instant firedAt, Instant lastSeenAt, Instant resolvedAt,
        String nodeId) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    Alert seenAt(Instant at) {
        return new Alert(id, key, kind, severity, subject, message, value, threshold, status, firedAt, at, resolvedAt,
                nodeId);
    }

    Alert resolvedAt(Instant at) {
        return new Alert(id, key, kind, severity, subject, message, value, threshold, RESOLVED, firedAt, lastSeenAt,
                at, nodeId);
    }
}
