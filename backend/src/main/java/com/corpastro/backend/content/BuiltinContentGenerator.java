package com.corpastro.backend.content;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.corpastro.backend.astro.Aspect;
import com.corpastro.backend.astro.AspectType;
import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.astro.Chart;
import com.corpastro.backend.astro.MoonPhase;
import com.corpastro.backend.astro.Planet;
import com.corpastro.backend.astro.PlanetPosition;
import com.corpastro.backend.astro.Sign;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

/**
 * Writes content from the sky of the period: the transits at the period's midpoint, their
 * aspects to the business's natal chart, the Moon's phase and the retrograde planets, poured
 * into the content type's template. The same inputs always give the same text.
 */
@Component
class BuiltinContentGenerator implements ContentGenerator {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.ENGLISH);

    private static final Map<Planet, String> THEMES = new EnumMap<>(Map.of(
            Planet.SUN, "identity and leadership",
            Planet.MOON, "team morale and customer mood",
            Planet.MERCURY, "communication and contracts",
            Planet.VENUS, "partnerships, pricing and client relations",
            Planet.MARS, "drive, competition and execution",
            Planet.JUPITER, "growth and opportunity",
            Planet.SATURN, "structure and long-term commitments"));

    private static final Map<Sign, String> SIGN_FLAVOURS = new EnumMap<>(Map.ofEntries(
            Map.entry(Sign.ARIES, "favouring bold starts and quick decisions"),
            Map.entry(Sign.TAURUS, "favouring steady, practical work and sound finances"),
            Map.entry(Sign.GEMINI, "favouring conversations, networking and quick exchanges"),
            Map.entry(Sign.CANCER, "favouring care for your team and your regular customers"),
            Map.entry(Sign.LEO, "favouring visibility, marketing and confident pitches"),
            Map.entry(Sign.VIRGO, "favouring detail, quality and better processes"),
            Map.entry(Sign.LIBRA, "favouring partnerships and fair deals"),
            Map.entry(Sign.SCORPIO, "favouring focus, research and hard negotiations"),
            Map.entry(Sign.SAGITTARIUS, "favouring expansion and big-picture plans"),
            Map.entry(Sign.CAPRICORN, "favouring planning, discipline and long-term goals"),
            Map.entry(Sign.AQUARIUS, "favouring innovation and community"),
            Map.entry(Sign.PISCES, "favouring creativity, intuition and quiet reflection")));

    private static final Map<AspectType, String> ASPECT_VERBS = new EnumMap<>(Map.of(
            AspectType.CONJUNCTION, "joins",
            AspectType.SEXTILE, "sextiles",
            AspectType.SQUARE, "squares",
            AspectType.TRINE, "trines",
            AspectType.OPPOSITION, "opposes"));

    private static final Map<AspectType, String> ASPECT_TONES = new EnumMap<>(Map.of(
            AspectType.CONJUNCTION, "concentrating energy on %s",
            AspectType.SEXTILE, "opening a gentle opportunity in %s",
            AspectType.SQUARE, "creating tension around %s that rewards decisive action",
            AspectType.TRINE, "bringing an easy flow to %s",
            AspectType.OPPOSITION, "asking you to balance %s with the needs of others"));

    private static final Map<Planet, String> RETROGRADE_ADVICE = new EnumMap<>(Map.of(
            Planet.MERCURY, "double-check contracts, messages and travel plans",
            Planet.VENUS, "revisit pricing and partnerships before committing",
            Planet.MARS, "rework the strategy before pushing harder",
            Planet.JUPITER, "consolidate recent growth rather than chase more",
            Planet.SATURN, "review long-term commitments and structures"));

    private final AstroEngine astro;

    BuiltinContentGenerator(AstroEngine astro) {
        this.astro = astro;
    }

    @Override
    public String generate(Business business, ContentType type, LocalDate periodStart, Template template) {
        return write(read(business, type, periodStart), template);
    }

    /** The text of {@code period} in {@code template}. */
    String write(PeriodSky period, Template template) {
        return fill(template.body(), facts(period));
    }

    /**
     * The sky of the period for {@code business}: the transits at the period's midpoint, their
     * aspects to the natal chart (the closest 2, 3 or 4 of them highlighted for a day, week or
     * month) and the Moon's phase.
     */
    PeriodSky read(Business business, ContentType type, LocalDate periodStart) {
        return read(business, astro.chart(business.foundedAt()), type, periodStart);
    }

    /**
     * The sky of the period for everyone born under {@code sign}: the chart is the Sun alone, in the
     * middle of the sign, and the business's name in the text is the sign's.
     */
    PeriodSky readSign(Sign sign, ContentType type, LocalDate periodStart) {
        Instant moment = midpoint(type, periodStart);
        Chart natal = new Chart(moment, Map.of(Planet.SUN,
                PlanetPosition.of(Planet.SUN, sign.startLongitude() + Sign.WIDTH / 2, false)));
        Business reader = new Business(0, 0, name(sign), moment, 0, 0, Map.of(), 0);
        return read(reader, natal, type, periodStart);
    }

    private PeriodSky read(Business business, Chart natal, ContentType type, LocalDate periodStart) {
        Instant moment = midpoint(type, periodStart);
        Chart transits = astro.chart(moment);
        List<Aspect> aspects = astro.aspects(transits, natal);
        int limit = switch (type) {
            case DAILY_HOROSCOPE -> 2;
            case WEEKLY_FORECAST -> 3;
            case MONTHLY_OUTLOOK -> 4;
        };
        List<Aspect> closest = aspects.stream()
                .sorted(Comparator.comparingDouble(Aspect::orb)
                        .thenComparing(Aspect::transiting).thenComparing(Aspect::natal))
                .limit(limit).toList();
        return new PeriodSky(business, type, periodStart, moment, transits, natal, astro.moonPhase(moment), aspects,
                closest);
    }

    /**
     * The facts of the period, by template placeholder, in prompt order: {@code business},
     * {@code period}, {@code sun}, {@code moon}, {@code highlights}, {@code retrogrades},
     * {@code advice}. The external generator is given the same facts.
     */
    Map<String, String> facts(PeriodSky sky) {
        String business = sky.business().name();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("business", business);
        values.put("period", period(sky.type(), sky.periodStart()));
        values.put("sun", sun(sky.transits()));
        values.put("moon", moon(sky.transits(), sky.phase()));
        values.put("highlights", highlights(business, sky.highlights()));
        values.put("retrogrades", retrogrades(sky.transits()));
        values.put("advice", advice(sky.phase()));
        return values;
    }

    /** Midday of the day, or of the middle day of a week or month. */
    private static Instant midpoint(ContentType type, LocalDate start) {
        LocalDate end = type.periodEnd(start);
        LocalDate middle = start.plusDays((end.toEpochDay() - start.toEpochDay()) / 2);
        return middle.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
    }

    private static String period(ContentType type, LocalDate start) {
        return switch (type) {
            case DAILY_HOROSCOPE, WEEKLY_FORECAST -> DAY.format(start);
            case MONTHLY_OUTLOOK -> MONTH.format(start);
        };
    }

    private static String moon(Chart transits, MoonPhase phase) {
        PlanetPosition moon = transits.positions().get(Planet.MOON);
        return String.format(Locale.ROOT, "The Moon is %s (%d%% lit) in %s, %s.", withArticle(phase.name()),
                Math.round(phase.illumination() * 100), name(moon.sign()), SIGN_FLAVOURS.get(moon.sign()));
    }

    private static String sun(Chart transits) {
        PlanetPosition sun = transits.positions().get(Planet.SUN);
        return String.format(Locale.ROOT, "The Sun stands at %.1f° %s, %s.", sun.degree(), name(sun.sign()),
                SIGN_FLAVOURS.get(sun.sign()));
    }

    private static String highlights(String business, List<Aspect> closest) {
        if (closest.isEmpty()) {
            return "No close aspects to " + business
                    + "'s founding chart stand out in this period: a good time to consolidate.";
        }
        return closest.stream()
                .map(aspect -> String.format(Locale.ROOT, "Transiting %s %s %s's natal %s (orb %.1f°), %s.",
                        name(aspect.transiting()), ASPECT_VERBS.get(aspect.type()), business, name(aspect.natal()),
                        aspect.orb(), String.format(ASPECT_TONES.get(aspect.type()), THEMES.get(aspect.natal()))))
                .collect(Collectors.joining(" "));
    }

    private static String retrogrades(Chart transits) {
        List<Planet> retrograde = transits.positions().values().stream()
                .filter(PlanetPosition::retrograde).map(PlanetPosition::planet).toList();
        if (retrograde.isEmpty()) {
            return "No planet is retrograde, so plans can move forward without second-guessing.";
        }
        return retrograde.stream()
                .map(planet -> name(planet) + " is retrograde: " + RETROGRADE_ADVICE.get(planet) + ".")
                .collect(Collectors.joining(" "));
    }

    private static String advice(MoonPhase phase) {
        double elongation = phase.elongation();
        if (elongation < 45 || elongation >= 315) {
            return "Advice: a fresh cycle begins, so launch what you have prepared.";
        }
        if (elongation < 135) {
            return "Advice: build momentum, follow up on leads and grow what is working.";
        }
        if (elongation < 225) {
            return "Advice: results become visible, so review them and celebrate the wins with your team.";
        }
        return "Advice: wrap up open tasks and clear the ground for the next cycle.";
    }

    private static String fill(String body, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(body);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    private static String withArticle(String phaseName) {
        String name = phaseName.toLowerCase(Locale.ROOT);
        if (name.endsWith(" moon")) {
            return name.substring(0, name.length() - " moon".length());
        }
        return (name.endsWith("quarter") ? "at " : "a ") + name;
    }

    private static String name(Sign sign) {
        return capitalize(sign.key());
    }

    private static String name(Planet planet) {
        return capitalize(planet.key());
    }

    private static String capitalize(String key) {
        return Character.toUpperCase(key.charAt(0)) + key.substring(1);
    }
}
