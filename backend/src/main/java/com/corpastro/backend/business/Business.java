package com.corpastro.backend.business;

import java.time.Instant;
import java.util.Map;

/**
 * A business and the natal chart of its founding instant.
 *
 * @param natalChart   planet key ({@code sun} ... {@code saturn}) to its position
 * @param chartVersion bumped whenever the founding data change, so content built from an older
 *                     chart is recognised
 */
public record Business(long id, long ownerId, String name, Instant foundedAt, double latitude, double longitude,
        Map<String, ChartPoint> natalChart, int chartVersion) {
}
