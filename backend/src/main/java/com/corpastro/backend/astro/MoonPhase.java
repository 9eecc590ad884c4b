package com.corpastro.backend.astro;

import java.util.List;
import java.util.Objects;

/**
 * The Moon's phase at one instant.
 *
 * <p>The name comes from eight equal 45-degree bands of elongation centred on 0, 45, 90, ... 315,
 * so "new moon" covers elongations within 22.5 degrees of 0 (roughly 1.8 days either side of the
 * astronomical new moon) and "first quarter" those within 22.5 degrees of 90.
 *
 * @param elongation   the Moon's apparent longitude minus the Sun's, degrees in [0, 360): 0 at new
 *                     moon, 90 at first quarter, 180 at full moon, 270 at last quarter
 * @param name         one of "new moon", "waxing crescent", "first quarter", "waxing gibbous",
 *                     "full moon", "waning gibbous", "last quarter", "waning crescent"
 * @param illumination the illuminated fraction of the disk, 0 (new) to 1 (full)
 */
public record MoonPhase(double elongation, String name, double illumination) {

    private static final List<String> NAMES = List.of("new moon", "waxing crescent", "first quarter",
            "waxing gibbous", "full moon", "waning gibbous", "last quarter", "waning crescent");

    private static final double BAND = 360.0 / 8;

    public MoonPhase {
        Objects.requireNonNull(name, "name");
        if (!(elongation >= 0.0 && elongation < 360.0)) {
            throw new IllegalArgumentException("elongation must be in [0, 360), was " + elongation);
        }
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("name must be one of " + NAMES + ", was '" + name + "'");
        }
        if (!(illumination >= 0.0 && illumination <= 1.0)) {
            throw new IllegalArgumentException("illumination must be in [0, 1], was " + illumination);
        }
    }

    /** The phase name for an elongation in degrees; any finite value is reduced modulo 360. */
    static String nameOf(double elongation) {
        // Shift by half a band so each band is centred on its principal phase.
        int band = (int) (Angles.normalize(elongation + BAND / 2) / BAND);
        return NAMES.get(band);
    }

    /**
     * The phase from apparent geocentric positions of the Sun and the Moon. The illuminated fraction
     * follows Meeus, "Astronomical Algorithms" (2nd ed.), chapter 48, formulae 48.1 to 48.3: the
     * geocentric elongation psi from both longitudes and the Moon's latitude, then the phase angle i
     * seen from the Moon, then k = (1 + cos i) / 2.
     */
    static MoonPhase of(Ephemeris.Ecliptic sun, Ephemeris.Ecliptic moon) {
        double elongation = Angles.normalize(moon.longitude() - sun.longitude());
        double cosPsi = Angles.cos(moon.latitude()) * Angles.cos(moon.longitude() - sun.longitude());
        double psi = Math.toDegrees(Math.acos(Math.max(-1.0, Math.min(1.0, cosPsi))));
        double phaseAngle = Angles.atan2(sun.distanceAu() * Angles.sin(psi),
                moon.distanceAu() - sun.distanceAu() * Angles.cos(psi));
        double illumination = (1.0 + Angles.cos(phaseAngle)) / 2.0;
        return new MoonPhase(elongation, nameOf(elongation), Math.max(0.0, Math.min(1.0, illumination)));
    }
}
