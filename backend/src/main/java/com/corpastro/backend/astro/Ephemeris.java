package com.corpastro.backend.astro;

import java.time.Instant;
import java.util.Objects;

/**
 * Apparent geocentric ecliptic positions of the Sun, the Moon and the planets, referred to the true
 * equinox of date: what an almanac prints and what tropical astrology uses.
 *
 * <p>The method is Paul Schlyter's, "How to compute planetary positions"
 * (https://stjarnhimlen.se/comp/ppcomp.html): mean Keplerian elements of date ({@link Orbit}), the
 * largest perturbations of the Moon, Jupiter and Saturn, then heliocentric to geocentric. Schlyter
 * quotes an accuracy of a fraction of an arcminute for the Sun and the inner planets, about one
 * arcminute for Jupiter and Saturn and one to two for the Moon. He leaves out the three small
 * corrections that turn a geometric position into an apparent one; we add them, because each is a
 * few lines, following Meeus, "Astronomical Algorithms" (2nd ed.):
 * <ul>
 *   <li>light time: a planet is seen where it was when its light left it (chapter 33);</li>
 *   <li>annual aberration: -20.5" for the Sun, up to 20.5" for the planets (chapters 23 and 25);</li>
 *   <li>nutation in longitude, up to 17" (chapter 22, the 0.5" abridged series).</li>
 * </ul>
 * Together they are worth at most about 40", well inside the method's own error, but they make the
 * results comparable with published apparent longitudes. Against a more precise ephemeris over
 * 1900-2100 the largest differences are under 1' for the Sun and Mercury, 2' for Venus and
 * Jupiter, 4' for Mars and Saturn and 6' for the Moon (see {@code EphemerisTest}).
 *
 * <p>Stateless and thread-safe.
 */
final class Ephemeris {

    /** Schlyter's day 0.0: 2000 Jan 0.0, i.e. 1999-12-31T00:00 TT. */
    private static final double SCHLYTER_EPOCH_JDE = 2451543.5;
    /** Equatorial Earth radius in AU (6378.14 km / 149 597 870.7 km): the Moon's distance unit. */
    private static final double EARTH_RADIUS_AU = 6378.14 / 149_597_870.7;
    /** Light time for one AU in days (Meeus 33.3). */
    private static final double LIGHT_DAYS_PER_AU = 0.0057755183;
    /** Constant of aberration, 20.49552 arcseconds, in degrees (Meeus chapter 23). */
    private static final double ABERRATION = 20.49552 / 3600.0;

    /**
     * The apparent longitude of {@code planet} at {@code instant}, degrees in [0, 360).
     *
     * @throws IllegalArgumentException if {@code instant} is outside 1900-01-01..2100-12-31 UTC
     */
    double longitude(Planet planet, Instant instant) {
        return position(planet, instant).longitude();
    }

    /**
     * The apparent position of {@code planet} at {@code instant}.
     *
     * @throws IllegalArgumentException if {@code instant} is outside 1900-01-01..2100-12-31 UTC
     */
    Ecliptic position(Planet planet, Instant instant) {
        Objects.requireNonNull(planet, "planet");
        return position(planet, TimeScale.julianEphemerisDay(requireSupported(instant)));
    }

    /**
     * The apparent position of {@code planet} at the Julian Ephemeris Day (TT) {@code jde}. Not range
     * checked, so that callers can sample a little either side of the supported range's edges.
     */
    Ecliptic position(Planet planet, double jde) {
        double d = jde - SCHLYTER_EPOCH_JDE;
        double nutation = nutationInLongitude(jde);
        Orbit.Elements sunElements = Orbit.SUN.at(d);
        Orbit.Vector sun = sunElements.position(); // geocentric Sun, geometric, equinox of date
        return switch (planet) {
            case SUN -> new Ecliptic(
                    Angles.normalize(sun.longitude() - ABERRATION / sun.length() + nutation), 0.0, sun.length());
            case MOON -> moon(d, sunElements, nutation);
            default -> planet(planet, d, sun, nutation);
        };
    }

    /** Requires {@code instant} to be in the supported range and returns it. */
    static Instant requireSupported(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(SupportedRange.EARLIEST) || !instant.isBefore(SupportedRange.END_EXCLUSIVE)) {
            throw new IllegalArgumentException("instant must be between " + SupportedRange.FIRST_DAY + " and "
                    + SupportedRange.LAST_DAY + " UTC, was " + instant);
        }
        return instant;
    }

    /**
     * The Moon: Schlyter's elements plus his twelve longitude, five latitude and two distance
     * perturbation terms (section 9). The Moon moves with the Earth, so there is no annual
     * aberration to apply (Meeus 47 adds only nutation for the apparent longitude).
     */
    private static Ecliptic moon(double d, Orbit.Elements sun, double nutation) {
        Orbit.Elements moon = Orbit.MOON.at(d);
        Orbit.Vector orbital = moon.position();
        double ms = sun.meanAnomaly();
        double mm = moon.meanAnomaly();
        double ls = sun.meanLongitude();
        double lm = moon.meanLongitude();
        double dd = lm - ls; // mean elongation D
        double f = lm - moon.node(); // argument of latitude F
        double longitude = orbital.longitude()
                - 1.274 * Angles.sin(mm - 2 * dd) // evection
                + 0.658 * Angles.sin(2 * dd) // variation
                - 0.186 * Angles.sin(ms) // yearly equation
                - 0.059 * Angles.sin(2 * mm - 2 * dd)
                - 0.057 * Angles.sin(mm - 2 * dd + ms)
                + 0.053 * Angles.sin(mm + 2 * dd)
                + 0.046 * Angles.sin(2 * dd - ms)
                + 0.041 * Angles.sin(mm - ms)
                - 0.035 * Angles.sin(dd) // parallactic equation
                - 0.031 * Angles.sin(mm + ms)
                - 0.015 * Angles.sin(2 * f - 2 * dd)
                + 0.011 * Angles.sin(mm - 4 * dd);
        double latitude = orbital.latitude()
                - 0.173 * Angles.sin(f - 2 * dd)
                - 0.055 * Angles.sin(mm - f - 2 * dd)
                - 0.046 * Angles.sin(mm + f - 2 * dd)
                + 0.033 * Angles.sin(f + 2 * dd)
                + 0.017 * Angles.sin(2 * mm + f);
        double earthRadii = orbital.length()
                - 0.58 * Angles.cos(mm - 2 * dd)
                - 0.46 * Angles.cos(2 * dd);
        return new Ecliptic(Angles.normalize(longitude + nutation), latitude, earthRadii * EARTH_RADIUS_AU);
    }

    /**
     * Mercury to Saturn: heliocentric position at the time the light left the planet, plus the
     * geocentric position of the Sun now, then aberration and nutation.
     */
    private static Ecliptic planet(Planet planet, double d, Orbit.Vector sun, double nutation) {
        Orbit.Vector geocentric = sun.plus(heliocentric(planet, d));
        // Light-time iteration (Meeus 33): two passes move the result by far less than 0.001".
        for (int pass = 0; pass < 2; pass++) {
            double lightTime = LIGHT_DAYS_PER_AU * geocentric.length();
            geocentric = sun.plus(heliocentric(planet, d - lightTime));
        }
        double longitude = geocentric.longitude();
        double latitude = geocentric.latitude();
        // Annual aberration in longitude, Meeus 23.2 without the 0.3" eccentricity term.
        double aberration = -ABERRATION * Angles.cos(sun.longitude() - longitude) / Angles.cos(latitude);
        return new Ecliptic(Angles.normalize(longitude + aberration + nutation), latitude, geocentric.length());
    }

    /** Heliocentric position in AU, with Schlyter's Jupiter and Saturn perturbations (section 10). */
    private static Orbit.Vector heliocentric(Planet planet, double d) {
        Orbit.Vector orbital = orbitOf(planet).at(d).position();
        if (planet != Planet.JUPITER && planet != Planet.SATURN) {
            return orbital; // Schlyter: Mercury, Venus and Mars perturbations are below 0.01 degrees
        }
        double mj = Orbit.JUPITER.at(d).meanAnomaly();
        double ms = Orbit.SATURN.at(d).meanAnomaly();
        double longitude = orbital.longitude();
        double latitude = orbital.latitude();
        if (planet == Planet.JUPITER) {
            longitude += -0.332 * Angles.sin(2 * mj - 5 * ms - 67.6) // the great inequality
                    - 0.056 * Angles.sin(2 * mj - 2 * ms + 21)
                    + 0.042 * Angles.sin(3 * mj - 5 * ms + 21)
                    - 0.036 * Angles.sin(mj - 2 * ms)
                    + 0.022 * Angles.cos(mj - ms)
                    + 0.023 * Angles.sin(2 * mj - 3 * ms + 52)
                    - 0.016 * Angles.sin(mj - 5 * ms - 69);
        } else {
            longitude += 0.812 * Angles.sin(2 * mj - 5 * ms - 67.6) // the great inequality
                    - 0.229 * Angles.cos(2 * mj - 4 * ms - 2)
                    + 0.119 * Angles.sin(mj - 2 * ms - 3)
                    + 0.046 * Angles.sin(2 * mj - 6 * ms - 69)
                    + 0.014 * Angles.sin(mj - 3 * ms + 32);
            latitude += -0.020 * Angles.cos(2 * mj - 4 * ms - 2)
                    + 0.018 * Angles.sin(2 * mj - 6 * ms - 49);
        }
        return Orbit.Vector.ofSpherical(longitude, latitude, orbital.length());
    }

    private static Orbit orbitOf(Planet planet) {
        return switch (planet) {
            case MERCURY -> Orbit.MERCURY;
            case VENUS -> Orbit.VENUS;
            case MARS -> Orbit.MARS;
            case JUPITER -> Orbit.JUPITER;
            case SATURN -> Orbit.SATURN;
            case SUN, MOON -> throw new IllegalArgumentException("not a heliocentric orbit: " + planet);
        };
    }

    /**
     * Nutation in longitude, delta psi, in degrees: the abridged series of Meeus chapter 22 (page
     * 144), good to 0.5".
     */
    static double nutationInLongitude(double jde) {
        double t = (jde - TimeScale.J2000) / 36525.0;
        double omega = 125.04452 - 1934.136261 * t; // longitude of the Moon's ascending node
        double sunMean = 280.4665 + 36000.7698 * t;
        double moonMean = 218.3165 + 481267.8813 * t;
        double arcseconds = -17.20 * Angles.sin(omega) - 1.32 * Angles.sin(2 * sunMean)
                - 0.23 * Angles.sin(2 * moonMean) + 0.21 * Angles.sin(2 * omega);
        return arcseconds / 3600.0;
    }

    /**
     * An apparent geocentric ecliptic position.
     *
     * @param longitude  degrees in [0, 360), true equinox of date
     * @param latitude   degrees in [-90, 90]
     * @param distanceAu distance from the Earth's centre in AU
     */
    record Ecliptic(double longitude, double latitude, double distanceAu) {
    }
}
