package com.corpastro.backend.astro;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Finds the aspects between two charts with a fixed orb per aspect type. */
final class AspectFinder {

    /**
     * The largest orb accepted: half the 30 degree gap between the sextile and the square, so the
     * bands of two aspect types can touch but never overlap.
     */
    static final double MAX_ORB = 15.0;

    private static final Comparator<Aspect> TIGHTEST_FIRST = Comparator.comparingDouble(Aspect::orb)
            .thenComparing(Aspect::transiting)
            .thenComparing(Aspect::natal);

    private final Map<AspectType, Double> orbs = new EnumMap<>(AspectType.class);

    /**
     * @param orbs orb in degrees per aspect type; types not in the map keep {@link AspectType#defaultOrb()}
     * @throws IllegalArgumentException if an orb is not within [0, 15]
     */
    AspectFinder(Map<AspectType, Double> orbs) {
        Objects.requireNonNull(orbs, "orbs");
        for (AspectType type : AspectType.values()) {
            this.orbs.put(type, type.defaultOrb());
        }
        orbs.forEach((type, orb) -> {
            Objects.requireNonNull(type, "aspect type");
            if (orb == null || !(orb >= 0.0 && orb <= MAX_ORB)) {
                throw new IllegalArgumentException("orb for " + type + " must be in [0, " + MAX_ORB + "], was " + orb);
            }
            this.orbs.put(type, orb);
        });
    }

    double orb(AspectType type) {
        return orbs.get(type);
    }

    /**
     * Every aspect from a body in {@code transits} to a body in {@code natal}, tightest orb first
     * (then by transiting body, then natal body, for a stable order). A body in aspect to itself
     * (transiting Sun to natal Sun) counts.
     */
    List<Aspect> between(Chart transits, Chart natal) {
        Objects.requireNonNull(transits, "transits");
        Objects.requireNonNull(natal, "natal");
        List<Aspect> aspects = new ArrayList<>();
        for (PlanetPosition t : transits.positions().values()) {
            for (PlanetPosition n : natal.positions().values()) {
                match(t.planet(), t.longitude(), n.planet(), n.longitude()).ifPresent(aspects::add);
            }
        }
        aspects.sort(TIGHTEST_FIRST);
        return List.copyOf(aspects);
    }

    /**
     * The aspect between two longitudes, if their separation along the shorter arc (so 355 and 5
     * are 10 degrees apart) is within the orb of some aspect type. Where two bands touch, the
     * tighter aspect wins, and on an exact tie the smaller angle.
     */
    Optional<Aspect> match(Planet transiting, double transitingLongitude, Planet natal, double natalLongitude) {
        double separation = Angles.separation(transitingLongitude, natalLongitude);
        Aspect best = null;
        for (AspectType type : AspectType.values()) {
            double orb = Math.abs(separation - type.angle());
            if (orb <= orbs.get(type) && (best == null || orb < best.orb())) {
                best = new Aspect(transiting, natal, type, orb);
            }
        }
        return Optional.ofNullable(best);
    }
}
