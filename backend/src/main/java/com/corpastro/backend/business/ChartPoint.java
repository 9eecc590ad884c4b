package com.corpastro.backend.business;

/**
 * One planet of a natal chart as the API shows it.
 *
 * @param longitude  geocentric ecliptic longitude in degrees, [0, 360)
 * @param sign       zodiac sign in lower case, e.g. {@code aries}
 * @param degree     degrees into the sign, [0, 30)
 * @param retrograde whether the planet appeared to move backwards at that instant
 */
public record ChartPoint(double longitude, String sign, double degree, boolean retrograde) {
}
