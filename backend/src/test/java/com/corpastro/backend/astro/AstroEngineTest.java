package com.corpastro.backend.astro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class AstroEngineTest {

    private static final double ARCMINUTE = 1.0 / 60.0;

    private final AstroEngine engine = new AstroEngine();

    @Test
    void chartHoldsEveryPlanetWithSignAndDegreeMatchingItsLongitude() {
        Instant instant = Instant.parse("2024-04-01T12:00:00Z");

        Chart chart = engine.chart(instant);

        assertThat(chart.instant()).isEqualTo(instant);
        assertThat(chart.positions()).containsOnlyKeys(Planet.values());
        chart.positions().forEach((planet, position) -> {
            assertThat(position.planet()).isEqualTo(planet);
            assertThat(position.longitude()).isCloseTo(new Ephemeris().longitude(planet, instant), within(1e-9));
            assertThat(position.sign()).isEqualTo(Sign.ofLongitude(position.longitude()));
            assertThat(position.degree()).isEqualTo(position.longitude() - position.sign().startLongitude());
        });
    }

    @Test
    void sunIsAtZeroLongitudeAtTheMarchEquinox() {
        // USNO, Earth's Seasons: March equinox 2000 March 20 07:35 UT.
        PlanetPosition sun = engine.chart(Instant.parse("2000-03-20T07:35:00Z")).position(Planet.SUN);

        assertThat(Angles.signedDifference(sun.longitude())).isCloseTo(0.0, within(ARCMINUTE));
    }

    @Test
    void moonIsNewAtThePublishedNewMoon() {
        // USNO, Phases of the Moon: new moon 2000 January 6 18:14 UT.
        MoonPhase phase = engine.moonPhase(Instant.parse("2000-01-06T18:14:00Z"));

        assertThat(Angles.signedDifference(phase.elongation())).isCloseTo(0.0, within(3 * ARCMINUTE));
        assertThat(phase.name()).isEqualTo("new moon");
        assertThat(phase.illumination()).isLessThan(0.001);
    }

    @Test
    void moonIsFullAtThePublishedFullMoon() {
        // USNO, Phases of the Moon: full moon 2000 January 21 04:40 UT (the night of a total lunar eclipse).
        MoonPhase phase = engine.moonPhase(Instant.parse("2000-01-21T04:40:00Z"));

        assertThat(phase.elongation()).isCloseTo(180.0, within(3 * ARCMINUTE));
        assertThat(phase.name()).isEqualTo("full moon");
        assertThat(phase.illumination()).isGreaterThan(0.999);
    }

    @Test
    void moonPhasesFollowEachOtherThroughASynodicMonth() {
        // From the new moon of 2000 January 6, a quarter of a 29.53-day month at a time.
        Instant newMoon = Instant.parse("2000-01-06T18:14:00Z");
        Duration eighth = Duration.ofMinutes(Math.round(29.530589 * 24 * 60 / 8));

        assertThat(engine.moonPhase(newMoon.plus(eighth.multipliedBy(2))).name()).isEqualTo("first quarter");
        assertThat(engine.moonPhase(newMoon.plus(eighth.multipliedBy(3))).name()).isEqualTo("waxing gibbous");
        assertThat(engine.moonPhase(newMoon.plus(eighth.multipliedBy(6))).name()).isEqualTo("last quarter");
        assertThat(engine.moonPhase(newMoon.plus(eighth.multipliedBy(7))).name()).isEqualTo("waning crescent");
        assertThat(engine.moonPhase(newMoon.plus(eighth.multipliedBy(2))).illumination()).isCloseTo(0.5, within(0.05));
    }

    @Test
    void mercuryTurnsRetrogradeAtItsApril2024Station() {
        // Mercury stationed retrograde 2024 April 1 22:14 UT (6:14 p.m. EDT) at 27 deg 13' Aries and
        // direct 2024 April 25 12:54 UT at 15 deg 58-59' Aries: almanac data as published e.g. by
        // cafeastrology.com/events/mercury-turns-retrograde-aries-2024 and findyourfate.com. The
        // engine puts the stations at 22:20 and 12:50 UT, at 27.22 and 15.99 degrees.
        assertThat(mercuryAt("2024-03-29T22:00:00Z").retrograde()).isFalse();
        assertThat(mercuryAt("2024-04-04T22:00:00Z").retrograde()).isTrue();
        assertThat(mercuryAt("2024-04-22T13:00:00Z").retrograde()).isTrue();
        assertThat(mercuryAt("2024-04-28T13:00:00Z").retrograde()).isFalse();
        assertThat(mercuryAt("2024-04-01T22:14:00Z").longitude()).isCloseTo(27.23, within(0.1));
    }

    @Test
    void retrogradeFlagFlipsWithinAnHourOfThePublishedStation() {
        // Same station as above, 2024 April 1 22:14 UT: scan in 10-minute steps for the flip.
        Instant published = Instant.parse("2024-04-01T22:14:00Z");
        Instant flip = published.minus(Duration.ofHours(6));
        while (!engine.chart(flip).position(Planet.MERCURY).retrograde()) {
            flip = flip.plus(Duration.ofMinutes(10));
        }

        assertThat(Duration.between(published, flip).abs()).isLessThan(Duration.ofHours(1));
    }

    @Test
    void saturnAndJupiterAreRetrogradeRoundTheirOppositions() {
        // 2024: Saturn retrograde June 29 to November 15, Jupiter October 9 to 2025 February 4.
        assertThat(engine.chart(Instant.parse("2024-04-15T00:00:00Z")).position(Planet.SATURN).retrograde()).isFalse();
        assertThat(engine.chart(Instant.parse("2024-08-15T00:00:00Z")).position(Planet.SATURN).retrograde()).isTrue();
        assertThat(engine.chart(Instant.parse("2024-06-15T00:00:00Z")).position(Planet.JUPITER).retrograde()).isFalse();
        assertThat(engine.chart(Instant.parse("2024-12-01T00:00:00Z")).position(Planet.JUPITER).retrograde()).isTrue();
    }

    @Test
    void sunAndMoonAreNeverRetrograde() {
        Instant start = Instant.parse("2023-12-31T00:00:00Z");
        for (int day = 0; day < 400; day++) {
            Chart chart = engine.chart(start.plus(Duration.ofHours(23L * day)));
            assertThat(chart.position(Planet.SUN).retrograde()).as("Sun on %s", chart.instant()).isFalse();
            assertThat(chart.position(Planet.MOON).retrograde()).as("Moon on %s", chart.instant()).isFalse();
        }
    }

    @Test
    void retrogradeFlagIsRightWhenTheLongitudeCrossesZero() {
        // Sun crosses 0 Aries at the March equinox: forward motion through the 360/0 wrap.
        Chart atEquinox = engine.chart(Instant.parse("2000-03-20T07:35:00Z"));

        assertThat(atEquinox.position(Planet.SUN).retrograde()).isFalse();
    }

    @Test
    void aspectsBetweenChartsUseTheConfiguredOrbs() {
        Chart transits = engine.chart(Instant.parse("2024-04-01T12:00:00Z"));

        // A chart against itself: every body conjunct its own natal place with orb 0, tightest first.
        assertThat(engine.aspects(transits, transits))
                .filteredOn(aspect -> aspect.transiting() == aspect.natal())
                .hasSize(Planet.values().length)
                .allSatisfy(aspect -> {
                    assertThat(aspect.type()).isEqualTo(AspectType.CONJUNCTION);
                    assertThat(aspect.orb()).isZero();
                });
        assertThat(engine.aspects(transits, transits).get(0).orb()).isZero();
        assertThat(new AstroEngine(Map.of(AspectType.CONJUNCTION, 0.0, AspectType.SEXTILE, 0.0,
                AspectType.SQUARE, 0.0, AspectType.TRINE, 0.0, AspectType.OPPOSITION, 0.0))
                .aspects(transits, transits))
                .allSatisfy(aspect -> assertThat(aspect.transiting()).isEqualTo(aspect.natal()));
    }

    @Test
    void acceptsBothEndsOfTheSupportedRange() {
        assertThat(engine.chart(Instant.parse("1900-01-01T00:00:00Z")).positions()).hasSize(7);
        assertThat(engine.chart(Instant.parse("2100-12-31T23:59:59Z")).positions()).hasSize(7);
        assertThat(engine.moonPhase(Instant.parse("2100-12-31T23:59:59Z")).name()).isNotBlank();
    }

    @Test
    void rejectsInstantsOutsideTheSupportedRangeNamingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> engine.chart(Instant.parse("1899-12-31T23:59:59Z")))
                .withMessageContaining("1899-12-31T23:59:59Z");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> engine.chart(Instant.parse("2101-01-01T00:00:00Z")))
                .withMessageContaining("2101-01-01T00:00:00Z");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> engine.moonPhase(Instant.parse("1066-10-14T12:00:00Z")))
                .withMessageContaining("1066-10-14T12:00:00Z");
    }

    @Test
    void rejectsAnOrbOutsideZeroToFifteenNamingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AstroEngine(Map.of(AspectType.TRINE, -1.0)))
                .withMessageContaining("TRINE").withMessageContaining("-1.0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AstroEngine(Map.of(AspectType.CONJUNCTION, 16.0)))
                .withMessageContaining("16.0");
    }

    @Test
    void springCreatesTheComponentWithDefaultOrbs() {
        new ApplicationContextRunner().withUserConfiguration(AstroEngine.class).run(context -> {
            assertThat(context).hasSingleBean(AstroEngine.class);
            Chart chart = context.getBean(AstroEngine.class).chart(Instant.parse("2024-01-01T00:00:00Z"));
            assertThat(chart.positions()).hasSize(7);
        });
    }

    private PlanetPosition mercuryAt(String instant) {
        return engine.chart(Instant.parse(instant)).position(Planet.MERCURY);
    }
}
