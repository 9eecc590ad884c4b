package com.corpastro.backend.astro;

import java.util.Locale;

/** The seven classical bodies the engine computes: the Sun, the Moon and the five planets visible to the eye. */
public enum Planet {
    SUN, MOON, MERCURY, VENUS, MARS, JUPITER, SATURN;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in JSON and templates, e.g. {@code "sun"}. */
    public String key() {
        return key;
    }
}
