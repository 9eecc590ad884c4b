package com.corpastro.backend.astro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class AstroTimeScaleTest {

    @Test
    void julianDayOfJ2000IsTheEpoch() {
        assertThat(TimeScale.julianDay(Instant.parse("2000-01-01T12:00:00Z"))).isEqualTo(2451545.0);
    }

    @Test
    void julianDayMatchesMeeusExample7a() {
        // Meeus example 7.a: 1957 October 4.81 (Sputnik 1) is JD 2436116.31.
        Instant sputnik = Instant.parse("1957-10-04T00:00:00Z").plusSeconds(Math.round(0.81 * 86_400));

        assertThat(TimeScale.julianDay(sputnik)).isCloseTo(2436116.31, within(1e-6));
    }

    @Test
    void deltaTFollowsTheObservedValues() {
        // Observed TT - UT (IERS / Astronomical Almanac): -2.7 s in 1900, 29.1 s in 1950, 63.8 s in 2000.
        assertThat(TimeScale.deltaTSeconds(TimeScale.julianDay(Instant.parse("1900-01-01T00:00:00Z"))))
                .isCloseTo(-2.7, within(1.0));
        assertThat(TimeScale.deltaTSeconds(TimeScale.julianDay(Instant.parse("1950-01-01T00:00:00Z"))))
                .isCloseTo(29.1, within(1.0));
        assertThat(TimeScale.deltaTSeconds(TimeScale.J2000)).isCloseTo(63.8, within(1.0));
    }

    @Test
    void deltaTIsContinuousAcrossThePolynomialJoins() {
        for (int year : new int[] {1900, 1920, 1941, 1961, 1986, 2005, 2050}) {
            double jd = TimeScale.julianDay(Instant.parse(year + "-01-01T00:00:00Z"));
            double oneDay = 1.0;
            assertThat(TimeScale.deltaTSeconds(jd + oneDay) - TimeScale.deltaTSeconds(jd - oneDay))
                    .as("step at %d", year).isCloseTo(0.0, within(1.0));
        }
    }

    @Test
    void julianEphemerisDayIsAheadByDeltaT() {
        Instant instant = Instant.parse("2024-04-01T00:00:00Z");
        double jd = TimeScale.julianDay(instant);

        assertThat((TimeScale.julianEphemerisDay(instant) - jd) * 86_400)
                .isCloseTo(TimeScale.deltaTSeconds(jd), within(1e-3))
                .isBetween(60.0, 80.0);
    }
}
