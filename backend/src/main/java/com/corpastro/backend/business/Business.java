package com.corpastro.backend.business;

import java.time.Instant;
import java.util.Map;

/**
 * A business and the natal chart of its founding instant.
 *
 * @param natalChart   planet key ({@code sun} ... {@code saturn}) to its position
 * @param revision   bumped on every change, so content written from an older revision (an old
 *                   name, an old chart) is recognised and written again
 */
public record Business(long id, long ownerId, String name, Instant foundedAt, double latitude, double longitude,
        Map<String, ChartPoint> natalChart, int revision) {
}
