package com.corpastro.backend.astro;

import java.util.Locale;

/**
 * The five major (Ptolemaic) aspects: the angle between two longitudes that counts, and the default
 * orb, the distance from exact that still counts.
 */
public enum AspectType {
    CONJUNCTION(0, 8), SEXTILE(60, 4), SQUARE(90, 6), TRINE(120, 6), OPPOSITION(180, 8);

    private final double angle;
    private final double defaultOrb;
    private final String key = name().toLowerCase(Locale.ROOT);

    AspectType(double angle, double defaultOrb) {
        this.angle = angle;
        this.defaultOrb = defaultOrb;
    }

    /** The exact angle in degrees, 0 to 180. */
    public double angle() {
        return angle;
    }

    /** The orb in degrees used when none is configured. */
    public double defaultOrb() {
        return defaultOrb;
    }

    /** The lower-case name used in JSON and templates, e.g. {@code "trine"}. */
    public String key() {
        return key;
    }
}
