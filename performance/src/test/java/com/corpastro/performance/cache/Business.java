package com.corpastro.performance.cache;

import java.time.Instant;
import java.util.Map;

/** A value shaped like the backend's, to prove records round-trip through Redis. */
record Business(long id, long ownerId, String name, Instant foundedAt, double latitude, double longitude,
        Map<String, Double> chart) {

    static Business named(long id, String name) {
        return new Business(id, 42, name, Instant.parse("2001-02-03T04:05:06Z"), 51.5, -0.12,
                Map.of("sun", 123.4, "moon", 5.6));
    }
}
