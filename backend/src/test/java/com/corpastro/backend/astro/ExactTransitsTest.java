package com.corpastro.backend.astro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExactTransitsTest {

    private final AstroEngine engine = new AstroEngine();
    private final Ephemeris ephemeris = new Ephemeris();
    private final Instant start = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void findsTheMomentATransitingBodyIsExactlyInAspectToANatalLongitude() {
        Instant exactly = start.plus(Duration.ofMinutes(137));
        // A natal Sun placed 90 degrees behind where the Moon will be: a waxing square at that moment.
        double natalSun = Angles.normalize(ephemeris.longitude(Planet.MOON, exactly) - 90);

        List<ExactTransits.Exact> found = engine.exactTransits(start, start.plus(Duration.ofHours(6)))
                .to(Map.of(Planet.SUN, natalSun));

        ExactTransits.Exact moonSquare = found.stream()
                .filter(e -> e.transiting() == Planet.MOON && e.type() == AspectType.SQUARE).findFirst().orElseThrow();
        assertThat(moonSquare.natal()).isEqualTo(Planet.SUN);
        assertThat(Duration.between(exactly, moonSquare.exactAt()).abs()).isLessThan(Duration.ofSeconds(1));
        // Every moment found is exact to well under an arc minute.
        for (ExactTransits.Exact exact : found) {
            double separation = Angles.separation(ephemeris.longitude(exact.transiting(), exact.exactAt()), natalSun);
            assertThat(Math.abs(separation - exact.type().angle())).isLessThan(0.001);
        }
        assertThat(found).isSortedAccordingTo((a, b) -> a.exactAt().compareTo(b.exactAt()));
    }

    @Test
    void aWindowThatDoesNotEndAfterItStartsIsRefusedWithTheValues() {
        assertThatThrownBy(() -> engine.exactTransits(start, start))
                .hasMessage("the window must end after it starts, was " + start + " to " + start);
    }
}
