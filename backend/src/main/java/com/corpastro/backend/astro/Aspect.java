package com.corpastro.backend.astro;

import java.util.Objects;

/**
 * An aspect between a transiting body and a natal body.
 *
 * @param transiting the body in the transit chart
 * @param natal      the body in the natal chart
 * @param type       the aspect formed
 * @param orb        how far the separation is from exact, in degrees, at least 0
 */
public record Aspect(Planet transiting, Planet natal, AspectType type, double orb) {

    public Aspect {
        Objects.requireNonNull(transiting, "transiting");
        Objects.requireNonNull(natal, "natal");
        Objects.requireNonNull(type, "type");
        if (!(orb >= 0.0 && orb <= 180.0)) {
            throw new IllegalArgumentException("orb must be in [0, 180], was " + orb);
        }
    }
}
