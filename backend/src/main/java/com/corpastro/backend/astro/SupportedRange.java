package com.corpastro.backend.astro;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The span the ephemeris is accurate over, and so the dates the API accepts: 1900-01-01 to
 * 2100-12-31, UTC. Defined here once; the engine refuses instants outside it and the API checks
 * its dates against it.
 */
public final class SupportedRange {

    public static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(2100, 12, 31);
    /** The first instant of the range. */
    static final Instant EARLIEST = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** The first instant after the range. */
    static final Instant END_EXCLUSIVE = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    private SupportedRange() {
    }

    public static boolean contains(LocalDate date) {
        return !date.isBefore(FIRST_DAY) && !date.isAfter(LAST_DAY);
    }

    public static boolean contains(Instant instant) {
        return contains(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }
}
