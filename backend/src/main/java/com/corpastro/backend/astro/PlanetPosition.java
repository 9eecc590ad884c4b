package com.corpastro.backend.astro;

import java.util.Objects;

/**
 * Where a body stands in the zodiac at one instant.
 *
 * @param planet     the body
 * @param longitude  apparent geocentric ecliptic longitude of date, degrees in [0, 360)
 * @param sign       the sign holding {@code longitude}
 * @param degree     degrees past the start of {@code sign}, in [0, 30)
 * @param retrograde whether the longitude is decreasing (apparent backward motion seen from Earth)
 */
public record PlanetPosition(Planet planet, double longitude, Sign sign, double degree, boolean retrograde) {

    // Tolerates the rounding of a sign/degree pair that was computed elsewhere and serialized.
    private static final double DEGREE_TOLERANCE = 1e-9;

    public PlanetPosition {
        Objects.requireNonNull(planet, "planet");
        Objects.requireNonNull(sign, "sign");
        if (!(longitude >= 0.0 && longitude < 360.0)) {
            throw new IllegalArgumentException("longitude must be in [0, 360), was " + longitude);
        }
        if (!(degree >= 0.0 && degree < Sign.WIDTH)) {
            throw new IllegalArgumentException("degree must be in [0, 30), was " + degree);
        }
        if (sign != Sign.ofLongitude(longitude)
                || Math.abs(sign.startLongitude() + degree - longitude) > DEGREE_TOLERANCE) {
            throw new IllegalArgumentException("sign and degree must match longitude " + longitude + ", were "
                    + sign + " " + degree);
        }
    }

    /**
     * The position of {@code planet} at {@code longitude}, deriving the sign and the degree within it.
     * Any finite longitude is accepted and reduced modulo 360.
     */
    public static PlanetPosition of(Planet planet, double longitude, boolean retrograde) {
        double lon = Angles.normalize(longitude);
        Sign sign = Sign.ofLongitude(lon);
        return new PlanetPosition(planet, lon, sign, lon - sign.startLongitude(), retrograde);
    }
}
