package com.corpastro.backend.astro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Signs, positions, charts and the other public value types. */
class AstroValueTypesTest {

    @Test
    void signsStartEveryThirtyDegreesFromAries() {
        assertThat(Sign.ofLongitude(0.0)).isEqualTo(Sign.ARIES);
        assertThat(Sign.ofLongitude(29.999999)).isEqualTo(Sign.ARIES);
        assertThat(Sign.ofLongitude(30.0)).isEqualTo(Sign.TAURUS);
        assertThat(Sign.ofLongitude(89.5)).isEqualTo(Sign.GEMINI);
        assertThat(Sign.ofLongitude(90.0)).isEqualTo(Sign.CANCER);
        assertThat(Sign.ofLongitude(180.0)).isEqualTo(Sign.LIBRA);
        assertThat(Sign.ofLongitude(329.99)).isEqualTo(Sign.AQUARIUS);
        assertThat(Sign.ofLongitude(330.0)).isEqualTo(Sign.PISCES);
        assertThat(Sign.ofLongitude(359.999999)).isEqualTo(Sign.PISCES);
    }

    @Test
    void signOfLongitudeWrapsOutOfRangeValues() {
        assertThat(Sign.ofLongitude(360.0)).isEqualTo(Sign.ARIES);
        assertThat(Sign.ofLongitude(-1.0)).isEqualTo(Sign.PISCES);
        assertThat(Sign.ofLongitude(-1e-17)).isEqualTo(Sign.ARIES);
        assertThat(Sign.ofLongitude(725.0)).isEqualTo(Sign.ARIES);
    }

    @Test
    void signOfLongitudeRejectsNonFiniteValuesNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> Sign.ofLongitude(Double.NaN))
                .withMessageContaining("NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> Sign.ofLongitude(Double.POSITIVE_INFINITY))
                .withMessageContaining("Infinity");
    }

    @Test
    void keysAreLowerCaseNames() {
        assertThat(Sign.ARIES.key()).isEqualTo("aries");
        assertThat(Sign.SAGITTARIUS.key()).isEqualTo("sagittarius");
        assertThat(Planet.SUN.key()).isEqualTo("sun");
        assertThat(Planet.JUPITER.key()).isEqualTo("jupiter");
        assertThat(AspectType.OPPOSITION.key()).isEqualTo("opposition");
    }

    @Test
    void aspectTypesCarryTheirAnglesAndDefaultOrbs() {
        assertThat(AspectType.values()).extracting(AspectType::angle).containsExactly(0.0, 60.0, 90.0, 120.0, 180.0);
        assertThat(AspectType.values()).extracting(AspectType::defaultOrb).containsExactly(8.0, 4.0, 6.0, 6.0, 8.0);
    }

    @Test
    void positionDerivesSignAndDegreeWithinSign() {
        PlanetPosition venus = PlanetPosition.of(Planet.VENUS, 313.08, false);

        assertThat(venus.sign()).isEqualTo(Sign.AQUARIUS);
        assertThat(venus.degree()).isCloseTo(13.08, within(1e-9));
        assertThat(PlanetPosition.of(Planet.SUN, 30.0, false).degree()).isZero();
        assertThat(PlanetPosition.of(Planet.SUN, 360.0, false)).satisfies(sun -> {
            assertThat(sun.longitude()).isZero();
            assertThat(sun.sign()).isEqualTo(Sign.ARIES);
        });
        assertThat(PlanetPosition.of(Planet.MOON, -0.5, false)).satisfies(moon -> {
            assertThat(moon.longitude()).isEqualTo(359.5);
            assertThat(moon.sign()).isEqualTo(Sign.PISCES);
            assertThat(moon.degree()).isEqualTo(29.5);
        });
    }

    @Test
    void positionRejectsInconsistentOrOutOfRangeValuesNamingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlanetPosition(Planet.MARS, 360.0, Sign.ARIES, 0.0, false))
                .withMessageContaining("360.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlanetPosition(Planet.MARS, 45.0, Sign.GEMINI, 15.0, false))
                .withMessageContaining("45.0").withMessageContaining("GEMINI");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlanetPosition(Planet.MARS, 45.0, Sign.TAURUS, 30.0, false))
                .withMessageContaining("30.0");
    }

    @Test
    void chartIsAnUnmodifiableEnumMapCopy() {
        Map<Planet, PlanetPosition> source = new HashMap<>();
        source.put(Planet.SUN, PlanetPosition.of(Planet.SUN, 10.0, false));

        Chart chart = new Chart(Instant.parse("2024-01-01T00:00:00Z"), source);
        source.put(Planet.MOON, PlanetPosition.of(Planet.MOON, 20.0, false));

        assertThat(chart.positions()).containsOnlyKeys(Planet.SUN);
        assertThatThrownBy(() -> chart.positions().put(Planet.MOON, PlanetPosition.of(Planet.MOON, 20.0, false)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Chart(chart.instant(), Map.of()).positions()).isEmpty();
    }

    @Test
    void chartKeepsPlanetOrder() {
        Map<Planet, PlanetPosition> reversed = new EnumMap<>(Planet.class);
        reversed.put(Planet.SATURN, PlanetPosition.of(Planet.SATURN, 1.0, false));
        reversed.put(Planet.SUN, PlanetPosition.of(Planet.SUN, 2.0, false));

        assertThat(new Chart(Instant.EPOCH, Map.copyOf(reversed)).positions().keySet())
                .containsExactly(Planet.SUN, Planet.SATURN);
    }

    @Test
    void chartRejectsAPositionFiledUnderTheWrongPlanet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Chart(Instant.EPOCH,
                        Map.of(Planet.SUN, PlanetPosition.of(Planet.MOON, 1.0, false))))
                .withMessageContaining("SUN").withMessageContaining("MOON");
    }

    @Test
    void chartPositionOfAMissingPlanetNamesIt() {
        Chart chart = new Chart(Instant.EPOCH, Map.of(Planet.SUN, PlanetPosition.of(Planet.SUN, 1.0, false)));

        assertThatIllegalArgumentException().isThrownBy(() -> chart.position(Planet.MARS))
                .withMessageContaining("MARS");
    }

    @Test
    void moonPhaseNamesCoverEqualBandsCentredOnThePrincipalPhases() {
        assertThat(MoonPhase.nameOf(0.0)).isEqualTo("new moon");
        assertThat(MoonPhase.nameOf(22.49)).isEqualTo("new moon");
        assertThat(MoonPhase.nameOf(337.5)).isEqualTo("new moon");
        assertThat(MoonPhase.nameOf(22.5)).isEqualTo("waxing crescent");
        assertThat(MoonPhase.nameOf(90.0)).isEqualTo("first quarter");
        assertThat(MoonPhase.nameOf(135.0)).isEqualTo("waxing gibbous");
        assertThat(MoonPhase.nameOf(180.0)).isEqualTo("full moon");
        assertThat(MoonPhase.nameOf(225.0)).isEqualTo("waning gibbous");
        assertThat(MoonPhase.nameOf(270.0)).isEqualTo("last quarter");
        assertThat(MoonPhase.nameOf(315.0)).isEqualTo("waning crescent");
        assertThat(MoonPhase.nameOf(337.49)).isEqualTo("waning crescent");
    }

    @Test
    void moonPhaseRejectsValuesOutOfRangeNamingThem() {
        assertThatIllegalArgumentException().isThrownBy(() -> new MoonPhase(360.0, "new moon", 0.0))
                .withMessageContaining("360.0");
        assertThatIllegalArgumentException().isThrownBy(() -> new MoonPhase(10.0, "blue moon", 0.0))
                .withMessageContaining("blue moon");
        assertThatIllegalArgumentException().isThrownBy(() -> new MoonPhase(10.0, "new moon", 1.5))
                .withMessageContaining("1.5");
    }
}
