package com.corpastro.backend.astro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AspectFinderTest {

    private final AspectFinder defaults = new AspectFinder(Map.of());

    @Test
    void conjunctionAcrossZeroAriesUsesTheShorterArc() {
        // 358 and 2 are 4 degrees apart, not 356.
        assertThat(match(358.0, 2.0)).hasValueSatisfying(aspect -> {
            assertThat(aspect.type()).isEqualTo(AspectType.CONJUNCTION);
            assertThat(aspect.orb()).isCloseTo(4.0, within(1e-9));
        });
        assertThat(match(2.0, 358.0)).map(Aspect::orb)
                .hasValueSatisfying(orb -> assertThat(orb).isCloseTo(4.0, within(1e-9)));
    }

    @Test
    void separationBeyondTheOrbIsNoAspect() {
        // 355 and 5 are 10 degrees apart: a conjunction, but outside the default 8 degree orb.
        assertThat(match(355.0, 5.0)).isEmpty();
        assertThat(match(0.0, 127.0)).isEmpty(); // trine 7 off, orb 6
    }

    @Test
    void eachAspectTypeIsFoundWithItsExactOrb() {
        assertThat(match(10.0, 74.0)).hasValue(aspect(AspectType.SEXTILE, 4.0));
        assertThat(match(10.0, 100.0)).hasValue(aspect(AspectType.SQUARE, 0.0));
        assertThat(match(350.0, 105.5)).hasValue(aspect(AspectType.TRINE, 4.5));
        assertThat(match(0.0, 185.0)).hasValue(aspect(AspectType.OPPOSITION, 5.0));
        assertThat(match(300.0, 114.0)).hasValue(aspect(AspectType.OPPOSITION, 6.0));
    }

    @Test
    void orbBoundaryIsInclusive() {
        assertThat(match(0.0, 8.0)).map(Aspect::type).hasValue(AspectType.CONJUNCTION);
        assertThat(match(0.0, 8.001)).isEmpty();
    }

    @Test
    void configuredOrbsReplaceTheDefaultsForTheirTypesOnly() {
        AspectFinder wideTrines = new AspectFinder(Map.of(AspectType.TRINE, 10.0));

        assertThat(wideTrines.match(Planet.SUN, 0.0, Planet.MOON, 128.0)).map(Aspect::orb).hasValue(8.0);
        assertThat(wideTrines.orb(AspectType.TRINE)).isEqualTo(10.0);
        assertThat(wideTrines.orb(AspectType.CONJUNCTION)).isEqualTo(8.0);
    }

    @Test
    void touchingBandsGoToTheTighterAspect() {
        AspectFinder wide = new AspectFinder(Map.of(AspectType.SEXTILE, 15.0, AspectType.SQUARE, 15.0));

        assertThat(wide.match(Planet.SUN, 0.0, Planet.MOON, 74.0)).map(Aspect::type).hasValue(AspectType.SEXTILE);
        assertThat(wide.match(Planet.SUN, 0.0, Planet.MOON, 76.0)).map(Aspect::type).hasValue(AspectType.SQUARE);
        assertThat(wide.match(Planet.SUN, 0.0, Planet.MOON, 75.0)).map(Aspect::type).hasValue(AspectType.SEXTILE);
    }

    @Test
    void rejectsOrbsOutsideZeroToFifteenNamingTypeAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AspectFinder(Map.of(AspectType.SQUARE, -0.5)))
                .withMessageContaining("SQUARE").withMessageContaining("-0.5");
        assertThatIllegalArgumentException().isThrownBy(() -> new AspectFinder(Map.of(AspectType.SEXTILE, 15.5)))
                .withMessageContaining("SEXTILE").withMessageContaining("15.5");
        assertThatIllegalArgumentException().isThrownBy(() -> new AspectFinder(Map.of(AspectType.TRINE, Double.NaN)))
                .withMessageContaining("NaN");
    }

    @Test
    void findsEveryPairBetweenChartsTightestFirst() {
        Chart transits = chart(Map.of(Planet.SUN, 100.0, Planet.MARS, 192.0));
        Chart natal = chart(Map.of(Planet.MOON, 98.0, Planet.VENUS, 10.5, Planet.SATURN, 300.0));

        List<Aspect> aspects = defaults.between(transits, natal);

        assertThat(aspects).containsExactly(
                new Aspect(Planet.SUN, Planet.VENUS, AspectType.SQUARE, 0.5),
                new Aspect(Planet.MARS, Planet.VENUS, AspectType.OPPOSITION, 1.5),
                new Aspect(Planet.SUN, Planet.MOON, AspectType.CONJUNCTION, 2.0),
                new Aspect(Planet.MARS, Planet.MOON, AspectType.SQUARE, 4.0));
    }

    @Test
    void equalOrbsAreOrderedByTransitingThenNatalPlanet() {
        Chart transits = chart(Map.of(Planet.SATURN, 0.0, Planet.SUN, 0.0));
        Chart natal = chart(Map.of(Planet.MARS, 90.0, Planet.MOON, 180.0));

        assertThat(defaults.between(transits, natal)).extracting(Aspect::transiting, Aspect::natal)
                .containsExactly(tuple(Planet.SUN, Planet.MOON), tuple(Planet.SUN, Planet.MARS),
                        tuple(Planet.SATURN, Planet.MOON), tuple(Planet.SATURN, Planet.MARS));
    }

    @Test
    void aspectRejectsANegativeOrb() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Aspect(Planet.SUN, Planet.MOON, AspectType.TRINE, -1.0))
                .withMessageContaining("-1.0");
    }

    private Optional<Aspect> match(double transiting, double natal) {
        return defaults.match(Planet.SUN, transiting, Planet.MOON, natal);
    }

    private static Aspect aspect(AspectType type, double orb) {
        return new Aspect(Planet.SUN, Planet.MOON, type, orb);
    }

    private static Chart chart(Map<Planet, Double> longitudes) {
        Map<Planet, PlanetPosition> positions = new EnumMap<>(Planet.class);
        longitudes.forEach((planet, longitude) -> positions.put(planet, PlanetPosition.of(planet, longitude, false)));
        return new Chart(Instant.parse("2024-01-01T00:00:00Z"), positions);
    }
}
