package com.corpastro.backend.astro;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The astrology engine: tropical zodiac positions of the Sun, the Moon and the planets Mercury to
 * Saturn, the Moon's phase, and aspects between a transit chart and a natal chart. Positions are
 * apparent geocentric longitudes of date from Paul Schlyter's low-precision method (see
 * {@code Ephemeris}), good to a few arcminutes between 1900 and 2100, which is the supported range.
 *
 * <pre>{@code
 * Chart natal = engine.chart(Instant.parse("1998-09-04T00:00:00Z"));
 * Chart now = engine.chart(clock.instant());
 * List<Aspect> aspects = engine.aspects(now, natal);   // tightest first
 * MoonPhase phase = engine.moonPhase(clock.instant()); // e.g. "waxing gibbous", 0.83
 * }</pre>
 *
 * <p>Stateless after construction and thread-safe. Every method taking an {@link Instant} throws
 * {@link IllegalArgumentException} for instants before 1900-01-01 or after 2100-12-31 UTC.
 */
public class AstroEngine {

    /**
     * Half the window over which motion is measured for the retrograde flag. A day in total is short
     * next to a planet's station (the longitude turns round over days) and long enough that the
     * method's small errors cannot flip the sign of the motion except within hours of a station.
     */
    static final Duration MOTION_HALF_WINDOW = Duration.ofHours(12);

    private static final double SECONDS_PER_DAY = 86_400.0;

    private final Ephemeris ephemeris = new Ephemeris();
    private final AspectFinder aspectFinder;

    /** An engine with the default orbs: conjunction 8, sextile 4, square 6, trine 6, opposition 8 degrees. */
    public AstroEngine() {
        this(Map.of());
    }

    /**
     * An engine with custom orbs.
     *
     * @param orbs orb in degrees per aspect type, each in [0, 15]; absent types keep
     *             {@link AspectType#defaultOrb()}
     * @throws IllegalArgumentException if an orb is outside [0, 15]
     */
    public AstroEngine(Map<AspectType, Double> orbs) {
        this.aspectFinder = new AspectFinder(orbs);
    }

    /** The positions of every {@link Planet} at {@code instant}. */
    public Chart chart(Instant instant) {
        double jde = TimeScale.julianEphemerisDay(Ephemeris.requireSupported(instant));
        double halfWindow = MOTION_HALF_WINDOW.getSeconds() / SECONDS_PER_DAY;
        Map<Planet, PlanetPosition> positions = new EnumMap<>(Planet.class);
        for (Planet planet : Planet.values()) {
            double longitude = ephemeris.position(planet, jde).longitude();
            double before = ephemeris.position(planet, jde - halfWindow).longitude();
            double after = ephemeris.position(planet, jde + halfWindow).longitude();
            // Compare along the shorter arc so that 359.9 -> 0.1 reads as forward motion.
            boolean retrograde = Angles.signedDifference(after - before) < 0;
            positions.put(planet, PlanetPosition.of(planet, longitude, retrograde));
        }
        return new Chart(instant, positions);
    }

    /** The Moon's phase at {@code instant}. */
    public MoonPhase moonPhase(Instant instant) {
        double jde = TimeScale.julianEphemerisDay(Ephemeris.requireSupported(instant));
        return MoonPhase.of(ephemeris.position(Planet.SUN, jde), ephemeris.position(Planet.MOON, jde));
    }

    /**
     * Every aspect from a body in {@code transits} to a body in {@code natal} within the configured
     * orbs, tightest first (ties by transiting, then natal body). At most one aspect per pair of
     * bodies; a body in aspect to its own natal place counts.
     */
    public List<Aspect> aspects(Chart transits, Chart natal) {
        return aspectFinder.between(transits, natal);
    }

    /**
     * The exact aspects of transiting bodies within {@code from} to {@code to}, to be checked against
     * any number of natal charts ({@link ExactTransits#to}).
     *
     * @throws IllegalArgumentException if the window is empty or outside the supported range
     */
    public ExactTransits exactTransits(Instant from, Instant to) {
        return new ExactTransits(ephemeris, from, to);
    }
}
