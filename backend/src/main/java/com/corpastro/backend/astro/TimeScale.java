package com.corpastro.backend.astro;

import java.time.Instant;

/**
 * Julian days and the UT to TT conversion the orbital theories need.
 *
 * <p>{@link Instant} counts UTC seconds (leap seconds smeared away), which for our purpose is UT1
 * within 0.9 s. The orbital elements run on Terrestrial Time (TT, Meeus's "TD"), which is ahead of
 * UT by Delta T, about 64 s in 2000. Delta T moves the Moon by about 0.5 arcseconds per second, so
 * it is far below the 1 degree we promise, but we apply it so that the arithmetic is right.
 */
final class TimeScale {

    /** Julian day of 1970-01-01T00:00:00Z. */
    static final double UNIX_EPOCH_JULIAN_DAY = 2440587.5;
    /** Julian day of J2000.0, 2000-01-01T12:00 TT. */
    static final double J2000 = 2451545.0;

    private static final double SECONDS_PER_DAY = 86_400.0;
    private static final double DAYS_PER_JULIAN_YEAR = 365.25;

    private TimeScale() {
    }

    /** The Julian day (UT) of {@code instant}. */
    static double julianDay(Instant instant) {
        return UNIX_EPOCH_JULIAN_DAY + instant.getEpochSecond() / SECONDS_PER_DAY
                + instant.getNano() / (SECONDS_PER_DAY * 1e9);
    }

    /** The Julian Ephemeris Day (TT) of {@code instant}: its Julian day plus Delta T. */
    static double julianEphemerisDay(Instant instant) {
        double jd = julianDay(instant);
        return jd + deltaTSeconds(jd) / SECONDS_PER_DAY;
    }

    /**
     * Delta T = TT - UT in seconds at the UT Julian day {@code jd}, from the polynomial fits of
     * F. Espenak and J. Meeus, "Five Millennium Canon of Solar Eclipses: -1999 to +3000" (NASA
     * TP-2006-214141), section 2.6, also at eclipse.gsfc.nasa.gov/SEcat5/deltatpoly.html. The fits
     * reproduce the observed values to about a second up to 2005; after that they are a prediction
     * (they run a few seconds high in the 2020s and reach about 200 s by 2100).
     */
    static double deltaTSeconds(double jd) {
        double y = 2000.0 + (jd - J2000) / DAYS_PER_JULIAN_YEAR;
        if (y < 1900) {
            double t = y - 1860;
            return 7.62 + t * (0.5737 + t * (-0.251754 + t * (0.01680668 + t * (-0.0004473624 + t / 233174))));
        }
        if (y < 1920) {
            double t = y - 1900;
            return -2.79 + t * (1.494119 + t * (-0.0598939 + t * (0.0061966 - t * 0.000197)));
        }
        if (y < 1941) {
            double t = y - 1920;
            return 21.20 + t * (0.84493 + t * (-0.076100 + t * 0.0020936));
        }
        if (y < 1961) {
            double t = y - 1950;
            return 29.07 + t * (0.407 + t * (-1.0 / 233 + t / 2547));
        }
        if (y < 1986) {
            double t = y - 1975;
            return 45.45 + t * (1.067 + t * (-1.0 / 260 - t / 718));
        }
        if (y < 2005) {
            double t = y - 2000;
            return 63.86 + t * (0.3345 + t * (-0.060374 + t * (0.0017275 + t * (0.000651814 + t * 0.00002373599))));
        }
        if (y < 2050) {
            double t = y - 2000;
            return 62.92 + t * (0.32217 + t * 0.005589);
        }
        double u = (y - 1820) / 100;
        if (y < 2150) {
            return -20 + 32 * u * u - 0.5628 * (2150 - y);
        }
        return -20 + 32 * u * u;
    }
}
