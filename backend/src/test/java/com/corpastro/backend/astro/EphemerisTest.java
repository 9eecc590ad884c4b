package com.corpastro.backend.astro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Positions against published reference values. The engine's contract is 1 degree; the tolerances
 * here are Schlyter's stated accuracy for his method (about 1' for the Sun and planets, 1-2' for the
 * Moon), so that a wrong or missing term fails a test long before it breaks the contract.
 */
class EphemerisTest {

    private static final double ARCMINUTE = 1.0 / 60.0;

    private final Ephemeris ephemeris = new Ephemeris();

    @Test
    void sunMatchesMeeusExample25a() {
        // Meeus, Astronomical Algorithms, example 25.a: 1992 October 13, 0h TD (JDE 2448908.5),
        // apparent longitude 199.90895 degrees.
        double longitude = ephemeris.position(Planet.SUN, 2448908.5).longitude();

        assertThat(Angles.signedDifference(longitude - 199.90895)).isCloseTo(0.0, within(ARCMINUTE));
    }

    @Test
    void moonMatchesMeeusExample47a() {
        // Meeus example 47.a: 1992 April 12, 0h TD (JDE 2448724.5), geometric longitude 133.162655,
        // apparent longitude (plus nutation 16.595") 133.167265 degrees; latitude -3.229126.
        Ephemeris.Ecliptic moon = ephemeris.position(Planet.MOON, 2448724.5);

        assertThat(Angles.signedDifference(moon.longitude() - 133.167265)).isCloseTo(0.0, within(2 * ARCMINUTE));
        assertThat(moon.latitude()).isCloseTo(-3.229126, within(2 * ARCMINUTE));
    }

    @Test
    void venusMatchesMeeusExample33a() {
        // Meeus example 33.a: 1992 December 20, 0h TD (JDE 2448976.5), longitude 313.08102 corrected
        // for light time; aberration (-0.00413) and nutation (+0.00462) make it 313.08151 apparent.
        Ephemeris.Ecliptic venus = ephemeris.position(Planet.VENUS, 2448976.5);

        assertThat(Angles.signedDifference(venus.longitude() - 313.08151)).isCloseTo(0.0, within(ARCMINUTE));
        assertThat(venus.latitude()).isCloseTo(-2.08474, within(ARCMINUTE));
        assertThat(venus.distanceAu()).isCloseTo(0.910947, within(0.0005));
    }

    @Test
    void moonIlluminationMatchesMeeusExample48a() {
        // Meeus example 48.a: at the instant of example 47.a the illuminated fraction is 0.6786.
        MoonPhase phase = MoonPhase.of(ephemeris.position(Planet.SUN, 2448724.5),
                ephemeris.position(Planet.MOON, 2448724.5));

        assertThat(phase.illumination()).isCloseTo(0.6786, within(0.002));
        assertThat(phase.name()).isEqualTo("first quarter");
    }

    @Test
    void nutationMatchesMeeusExample22a() {
        // Meeus example 22.a: 1987 April 10, 0h TD (JDE 2446895.5), delta psi = -3.788".
        assertThat(Ephemeris.nutationInLongitude(2446895.5) * 3600).isCloseTo(-3.788, within(0.5));
    }

    @Test
    void jupiterAndSaturnMeetAtTheGreatConjunctionOf2020() {
        // The great conjunction of 2020 December 21 (closest approach about 18:20 UTC, 6' apart)
        // at 0 deg 29' Aquarius, longitude 300.48. Saturn's 0.8 degree great inequality with Jupiter
        // is the largest perturbation in the method, so this checks it.
        Instant conjunction = Instant.parse("2020-12-21T18:20:00Z");
        double jupiter = ephemeris.longitude(Planet.JUPITER, conjunction);
        double saturn = ephemeris.longitude(Planet.SATURN, conjunction);

        assertThat(jupiter).isCloseTo(300.48, within(0.1));
        assertThat(saturn).isCloseTo(300.48, within(0.1));
        assertThat(Angles.separation(jupiter, saturn)).isLessThan(0.1);
    }

    @Test
    void marsIsOppositeTheSunAtItsOppositionOf2003() {
        // The close opposition of Mars, 2003 August 28 17:56 UTC (USNO): Mars 180 degrees from the Sun.
        Instant opposition = Instant.parse("2003-08-28T17:56:00Z");

        double elongation = ephemeris.longitude(Planet.MARS, opposition) - ephemeris.longitude(Planet.SUN, opposition);

        assertThat(Angles.normalize(elongation)).isCloseTo(180.0, within(2 * ARCMINUTE));
    }

    /**
     * Apparent longitudes of date from an independent, more precise ephemeris: Astronomy Engine
     * 2.1.19 (Don Cross, github.com/cosinekitty/astronomy, MIT; truncated VSOP87 for the planets,
     * the Improved Lunar Ephemeris for the Moon, IAU 2000B nutation, its own Delta T). Compared at
     * 23,403 instants spread over 1900-2100, the worst differences were Sun 0.6', Moon 5.8',
     * Mercury 1.1', Venus 1.8', Mars 3.9', Jupiter 1.9', Saturn 3.0'. The sample below includes the
     * solar eclipses of 1999-08-11 and 2031-05-21 (Sun and Moon together) and the December
     * solstice of 2012 (Sun at 270).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // instant,            Sun,     Moon,    Mercury, Venus,   Mars,    Jupiter, Saturn
            "1900-01-01T00:00:00Z, 280.153, 272.417, 258.998, 306.374, 283.868, 241.136, 267.715",
            "1913-07-19T06:30:00Z, 115.961, 307.527, 138.031, 71.001, 53.047, 281.230, 73.748",
            "1929-10-24T14:00:00Z, 210.677, 110.577, 192.441, 185.398, 222.387, 75.792, 266.365",
            "1944-06-06T06:30:00Z, 75.411, 248.907, 52.366, 69.706, 128.529, 141.170, 88.180",
            "1957-10-04T19:28:00Z, 191.300, 326.628, 177.214, 233.978, 186.893, 191.959, 249.918",
            "1969-07-20T20:17:00Z, 117.911, 187.874, 115.842, 75.038, 242.774, 180.747, 38.098",
            "1984-02-29T12:00:00Z, 340.093, 315.404, 333.086, 312.695, 231.706, 277.761, 226.363",
            "1999-08-11T11:03:00Z, 138.349, 138.300, 120.160, 152.154, 226.847, 34.682, 46.877",
            "2012-12-21T11:11:00Z, 270.000, 14.238, 254.698, 246.586, 296.428, 68.902, 218.661",
            "2031-05-21T07:15:00Z, 60.072, 60.055, 40.682, 104.958, 218.014, 267.078, 70.722",
            "2047-09-30T23:59:00Z, 187.755, 333.679, 210.517, 142.490, 156.735, 55.235, 268.679",
            "2061-07-28T03:00:00Z, 125.599, 257.003, 130.250, 160.249, 208.329, 111.886, 86.727",
            "2077-11-15T18:45:00Z, 234.045, 234.862, 255.804, 274.338, 175.055, 234.895, 278.215",
            "2100-12-31T23:00:00Z, 280.323, 293.367, 298.238, 265.767, 253.978, 227.000, 216.952"
    })
    void agreesWithAnIndependentEphemerisAcrossTheRange(Instant instant, double sun, double moon, double mercury,
            double venus, double mars, double jupiter, double saturn) {
        double[] expected = {sun, moon, mercury, venus, mars, jupiter, saturn};
        for (Planet planet : Planet.values()) {
            double longitude = ephemeris.longitude(planet, instant);
            double difference = Angles.signedDifference(longitude - expected[planet.ordinal()]);
            assertThat(difference).as("%s at %s", planet, instant).isCloseTo(0.0, within(6 * ARCMINUTE));
        }
    }

    @Test
    void instantsAreConvertedToTerrestrialTimeBeforeComputing() {
        Instant instant = Instant.parse("1992-04-12T00:00:00Z");
        double jde = TimeScale.julianDay(instant) + TimeScale.deltaTSeconds(TimeScale.julianDay(instant)) / 86_400;

        // The Moon moves 0.5" per second of time, so forgetting the ~59 s of Delta T would show.
        assertThat(ephemeris.longitude(Planet.MOON, instant))
                .isCloseTo(ephemeris.position(Planet.MOON, jde).longitude(), within(1e-9));
        assertThat(ephemeris.longitude(Planet.MOON, instant))
                .isNotCloseTo(ephemeris.position(Planet.MOON, 2448724.5).longitude(), within(1e-3));
    }

    @Test
    void everyLongitudeIsNormalized() {
        for (Planet planet : Planet.values()) {
            for (int year = 1900; year <= 2100; year += 7) {
                double longitude = ephemeris.longitude(planet, Instant.parse(year + "-06-01T00:00:00Z"));
                assertThat(longitude).as("%s in %d", planet, year).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
            }
        }
    }

    @Test
    void instantsOutsideTheSupportedRangeAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ephemeris.longitude(Planet.SUN, Instant.parse("1899-12-31T23:59:59Z")))
                .withMessageContaining("1899-12-31T23:59:59Z");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ephemeris.longitude(Planet.SUN, Instant.parse("2101-01-01T00:00:00Z")))
                .withMessageContaining("2101-01-01T00:00:00Z");
    }
}
