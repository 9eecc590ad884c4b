package com.corpastro.backend.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The span the ephemeris is accurate over, and so the dates the API accepts: 1900 to 2100. */
public final class SupportedRange {

    public static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(2100, 12, 31);

    private SupportedRange() {
    }

    public static boolean contains(LocalDate date) {
        return !date.isBefore(FIRST_DAY) && !date.isAfter(LAST_DAY);
    }

    public static boolean contains(Instant instant) {
        return contains(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }
}
