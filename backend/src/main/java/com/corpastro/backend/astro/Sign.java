package com.corpastro.backend.astro;

import java.util.Locale;

/**
 * The twelve tropical zodiac signs, each 30 degrees of ecliptic longitude measured from the March
 * equinox point: Aries covers [0, 30), Taurus [30, 60), ..., Pisces [330, 360).
 */
public enum Sign {
    ARIES, TAURUS, GEMINI, CANCER, LEO, VIRGO, LIBRA, SCORPIO, SAGITTARIUS, CAPRICORN, AQUARIUS, PISCES;

    /** Width of every sign in degrees of longitude. */
    public static final double WIDTH = 30.0;

    private static final Sign[] BY_INDEX = values();

    private final String key = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON and templates, e.g. {@code "aries"}. */
    public String key() {
        return key;
    }

    /** The ecliptic longitude where this sign begins: 0 for Aries, 30 for Taurus, ..., 330 for Pisces. */
    public double startLongitude() {
        return ordinal() * WIDTH;
    }

    /**
     * The sign holding {@code longitude}. Any finite value is accepted and reduced modulo 360, so
     * 360 is Aries and -1 is Pisces.
     *
     * @throws IllegalArgumentException if {@code longitude} is NaN or infinite
     */
    public static Sign ofLongitude(double longitude) {
        double lon = Angles.normalize(longitude);
        // normalize() returns [0, 360), so the index is 0..11 even for 359.9999999.
        return BY_INDEX[(int) (lon / WIDTH)];
    }
}
