package com.corpastro.backend.astro;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The positions of the bodies at one instant: a transit chart for "now" or a natal chart for a
 * founding date. {@link AstroEngine#chart(Instant)} fills every {@link Planet}; a chart built by hand
 * (for example from stored data) may hold fewer.
 *
 * @param instant   the moment the positions are for
 * @param positions the positions keyed by body, copied into an unmodifiable {@link EnumMap}
 */
public record Chart(Instant instant, Map<Planet, PlanetPosition> positions) {

    public Chart {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(positions, "positions");
        EnumMap<Planet, PlanetPosition> copy = new EnumMap<>(Planet.class);
        positions.forEach((planet, position) -> {
            Objects.requireNonNull(planet, "planet");
            Objects.requireNonNull(position, "position");
            if (position.planet() != planet) {
                throw new IllegalArgumentException("position for " + planet + " is for " + position.planet());
            }
            copy.put(planet, position);
        });
        positions = Collections.unmodifiableMap(copy);
    }

    /**
     * The position of {@code planet}.
     *
     * @throws IllegalArgumentException if this chart has no position for it
     */
    public PlanetPosition position(Planet planet) {
        PlanetPosition position = positions.get(Objects.requireNonNull(planet, "planet"));
        if (position == null) {
            throw new IllegalArgumentException("chart has no position for " + planet + ", has " + positions.keySet());
        }
        return position;
    }
}
