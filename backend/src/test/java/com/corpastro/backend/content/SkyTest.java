package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.astro.Planet;
import com.corpastro.backend.astro.Sign;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.smile.SmileMapper;

/** The structured sky next to the text: written from the same computation, and the engine's data. */
class SkyTest {

    /** A highlight sentence of the built-in text: transiting body, verb, natal body, orb. */
    static final Pattern HIGHLIGHT = Pattern.compile(
            "Transiting (\\w+) (joins|sextiles|squares|trines|opposes) .+?'s natal (\\w+) \\(orb (\\d+\\.\\d)°\\)");
    static final Map<String, String> VERBS = Map.of("joins", "conjunction", "sextiles", "sextile", "squares", "square",
            "trines", "trine", "opposes", "opposition");

    private final AstroEngine engine = new AstroEngine();
    private final BuiltinContentGenerator generator = new BuiltinContentGenerator(engine);
    private final Business business = new Business(7, 3, "Nova Bakery", Instant.parse("2011-06-01T08:00:00Z"),
            51.5, -0.12, Map.of(), 1);
    private final Template daily = new Template("daily_horoscope_template",
            "Daily horoscope for {business}, {period}. {moon} {sun} {highlights} {retrogrades} {advice}", 1,
            Instant.EPOCH);

    @Test
    void everyBodyIsListedWithASignAndDegreeThatMatchItsLongitude() {
        for (ContentType type : ContentType.values()) {
            for (LocalDate day = LocalDate.of(1900, 1, 1); day.isBefore(LocalDate.of(2100, 12, 1)); day = day.plusDays(397)) {
                Sky sky = Sky.of(generator.read(business, type, type.periodStart(day)));
                assertThat(sky.transits()).extracting(Sky.SkyPosition::planet).containsExactly(planetKeys());
                assertThat(sky.natal()).extracting(Sky.SkyPosition::planet).containsExactly(planetKeys());
                for (Sky.SkyPosition position : concat(sky.transits(), sky.natal())) {
                    assertConsistent(position);
                }
                assertThat(sky.retrograde()).containsExactlyElementsOf(sky.transits().stream()
                        .filter(Sky.SkyPosition::retrograde).map(Sky.SkyPosition::planet).toList());
                assertThat(sky.moonPhase().elongation()).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
                assertThat(sky.moonPhase().illumination()).isBetween(0.0, 1.0);
                assertThat(sky.moonPhase().name()).matches("(new|full)_moon|(waxing|waning)_(crescent|gibbous)|(first|last)_quarter");
            }
        }
    }

    @Test
    void theSkyIsTheEnginesAtThePeriodsMidpointRoundedToHundredths() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        Sky sky = Sky.of(generator.read(business, ContentType.WEEKLY_FORECAST, ContentType.WEEKLY_FORECAST.periodStart(day)));

        // The week of Monday 23 November: its middle day, at noon UTC.
        assertThat(sky.at()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        var transits = engine.chart(sky.at());
        var natal = engine.chart(business.foundedAt());
        for (Sky.SkyPosition position : sky.transits()) {
            var exact = transits.position(Planet.valueOf(position.planet().toUpperCase(Locale.ROOT)));
            assertThat(position.longitude()).isCloseTo(exact.longitude(), within(0.01));
            assertThat(position.longitude()).isLessThanOrEqualTo(exact.longitude());
            assertThat(position.sign()).isEqualTo(exact.sign().key());
            assertThat(position.retrograde()).isEqualTo(exact.retrograde());
        }
        assertThat(sky.natal()).extracting(Sky.SkyPosition::sign)
                .containsExactlyElementsOf(natal.positions().values().stream().map(p -> p.sign().key()).toList());
        assertThat(sky.aspects()).extracting(a -> a.transit() + " " + a.type() + " " + a.natal())
                .containsExactlyElementsOf(engine.aspects(transits, natal).stream()
                        .map(a -> a.transiting().key() + " " + a.type().key() + " " + a.natal().key()).toList());
        var phase = engine.moonPhase(sky.at());
        assertThat(sky.moonPhase().illumination()).isCloseTo(phase.illumination(), within(0.005));
        assertThat(sky.moonPhase().name()).isEqualTo(phase.name().replace(' ', '_'));
    }

    @Test
    void theHighlightedAspectsAreExactlyTheOnesTheTextDescribes() {
        int withAspects = 0;
        for (ContentType type : ContentType.values()) {
            for (int week = 0; week < 20; week++) {
                LocalDate start = type.periodStart(LocalDate.of(2026, 1, 1).plusWeeks(week));
                PeriodSky period = generator.read(business, type, start);
                Sky sky = Sky.of(period);
                String text = generator.write(period, daily);

                List<String> described = new ArrayList<>();
                List<Double> describedOrbs = new ArrayList<>();
                Matcher matcher = HIGHLIGHT.matcher(text);
                while (matcher.find()) {
                    described.add(matcher.group(1).toLowerCase(Locale.ROOT) + " " + VERBS.get(matcher.group(2)) + " "
                            + matcher.group(3).toLowerCase(Locale.ROOT));
                    describedOrbs.add(Double.parseDouble(matcher.group(4)));
                }
                List<Sky.SkyAspect> highlightedAspects = sky.aspects().stream().filter(Sky.SkyAspect::highlighted).toList();
                List<String> highlighted = highlightedAspects.stream()
                        .map(a -> a.transit() + " " + a.type() + " " + a.natal()).toList();
                assertThat(highlighted).as(text).isEqualTo(described);
                for (int i = 0; i < describedOrbs.size(); i++) {
                    // The text shows the orb to a tenth, the sky to a hundredth.
                    assertThat(highlightedAspects.get(i).orb()).isCloseTo(describedOrbs.get(i), within(0.0501));
                }
                assertThat(highlighted).hasSize(Math.min(sky.aspects().size(), switch (type) {
                    case DAILY_HOROSCOPE -> 2;
                    case WEEKLY_FORECAST -> 3;
                    case MONTHLY_OUTLOOK -> 4;
                }));
                withAspects += highlighted.isEmpty() ? 0 : 1;
                assertThat(text).contains("(" + Math.round(sky.moonPhase().illumination() * 100) + "% lit)");
                Sky.SkyPosition sun = sky.transits().get(0);
                // Cut to hundredths, then rounded to tenths, as the raw degree is in the text.
                assertThat(text).contains(String.format(Locale.ROOT, "The Sun stands at %.1f° %s,", sun.degree(),
                        Character.toUpperCase(sun.sign().charAt(0)) + sun.sign().substring(1)));
            }
        }
        assertThat(withAspects).as("periods whose text describes aspects").isPositive();
    }

    @Test
    void theSameInputsGiveTheSameSkyAndItSurvivesTheDatabaseAndCacheForms() {
        LocalDate start = LocalDate.of(2026, 11, 1);
        Sky sky = Sky.of(generator.read(business, ContentType.MONTHLY_OUTLOOK, start));
        assertThat(Sky.of(generator.read(business, ContentType.MONTHLY_OUTLOOK, start))).isEqualTo(sky);

        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readValue(json.writeValueAsString(sky), Sky.class)).isEqualTo(sky);
        SmileMapper smile = SmileMapper.builder().build();
        Content content = new Content(3, 7, "monthly_outlook", start, "text", 1, Instant.parse("2026-11-02T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"), ContentSource.BUILTIN, sky);
        assertThat(smile.readValue(smile.writeValueAsBytes(content), Content.class)).isEqualTo(content);
    }

    @Test
    void contentCachedWithoutTheSkyReadsWithNone() {
        // The shape a version without the field wrote: Jackson leaves the sky null and the controller computes it.
        Map<String, Object> older = new LinkedHashMap<>();
        older.put("userId", 3);
        older.put("businessId", 7);
        older.put("contentType", "daily_horoscope");
        older.put("period", "2026-11-25");
        older.put("body", "text");
        older.put("businessRevision", 1);
        older.put("generatedAt", "2026-11-25T08:00:00Z");
        older.put("expiresAt", "2026-12-26T00:00:00Z");
        older.put("source", "BUILTIN");
        SmileMapper smile = SmileMapper.builder().build();

        Content read = smile.readValue(smile.writeValueAsBytes(older), Content.class);

        assertThat(read.sky()).isNull();
        assertThat(read.body()).isEqualTo("text");
        assertThat(read.source()).isEqualTo(ContentSource.BUILTIN);
    }

    private static void assertConsistent(Sky.SkyPosition position) {
        assertThat(position.longitude()).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
        int index = (int) Math.floor(position.longitude() / 30.0);
        assertThat(position.sign()).as(position.toString()).isEqualTo(Sign.values()[index].key());
        assertThat(position.degree()).as(position.toString()).isCloseTo(position.longitude() - 30.0 * index, within(1e-9))
                .isGreaterThanOrEqualTo(0.0).isLessThan(30.0);
        // Two decimals at most.
        assertThat(Math.abs(position.longitude() * 100 - Math.round(position.longitude() * 100))).isLessThan(1e-6);
        assertThat(Math.abs(position.degree() * 100 - Math.round(position.degree() * 100))).isLessThan(1e-6);
    }

    private static String[] planetKeys() {
        return Arrays.stream(Planet.values()).map(Planet::key).toArray(String[]::new);
    }

    private static List<Sky.SkyPosition> concat(List<Sky.SkyPosition> a, List<Sky.SkyPosition> b) {
        List<Sky.SkyPosition> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
