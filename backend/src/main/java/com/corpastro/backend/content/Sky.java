package com.corpastro.backend.content;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.corpastro.backend.astro.Aspect;
import com.corpastro.backend.astro.Chart;
import com.corpastro.backend.astro.MoonPhase;
import com.corpastro.backend.astro.PlanetPosition;

/**
 * The astrological data a content text was written from, for clients that draw the sky.
 * Longitudes, degrees and the elongation are cut to the hundredth of a degree below (so the sign
 * and the degree always agree with the longitude, and with the sign the text names); orbs and the
 * illumination are rounded to two decimals.
 *
 * @param at         the instant the sky is computed for, the period's midpoint
 * @param moonPhase  the Moon's phase at {@code at}
 * @param transits   every body the engine computes, at {@code at}
 * @param natal      every body at the business's founding instant
 * @param aspects    every aspect from a transiting to a natal body within the orbs, tightest first
 * @param retrograde the keys of the transiting bodies that are retrograde
 */
public record Sky(Instant at, SkyPhase moonPhase, List<SkyPosition> transits, List<SkyPosition> natal,
        List<SkyAspect> aspects, List<String> retrograde) {

    /**
     * @param name         e.g. {@code waxing_gibbous}: {@code new_moon}, {@code waxing_crescent},
     *                     {@code first_quarter}, {@code waxing_gibbous}, {@code full_moon},
     *                     {@code waning_gibbous}, {@code last_quarter} or {@code waning_crescent}
     * @param illumination the lit fraction of the disk, 0 to 1
     * @param elongation   the Moon's longitude minus the Sun's, degrees in [0, 360)
     */
    public record SkyPhase(String name, double illumination, double elongation) {
    }

    /**
     * @param planet     e.g. {@code sun}
     * @param longitude  ecliptic longitude, degrees in [0, 360)
     * @param sign       e.g. {@code sagittarius}, the sign holding {@code longitude}
     * @param degree     degrees into {@code sign}, [0, 30)
     * @param retrograde whether the body moves backwards at that instant
     */
    public record SkyPosition(String planet, double longitude, String sign, double degree, boolean retrograde) {
    }

    /**
     * @param transit     the transiting body, e.g. {@code mars}
     * @param natal       the natal body, e.g. {@code venus}
     * @param type        {@code conjunction}, {@code sextile}, {@code square}, {@code trine} or {@code opposition}
     * @param orb         degrees from exact
     * @param highlighted whether the text describes this aspect (the closest 2, 3 or 4 for a day, week or month)
     */
    public record SkyAspect(String transit, String natal, String type, double orb, boolean highlighted) {
    }

    static Sky of(PeriodSky period) {
        return new Sky(period.at(), phase(period.phase()), positions(period.transits()), positions(period.natal()),
                period.aspects().stream().map(aspect -> aspect(aspect, period.highlights().contains(aspect))).toList(),
                period.transits().positions().values().stream().filter(PlanetPosition::retrograde)
                        .map(position -> position.planet().key()).toList());
    }

    private static SkyPhase phase(MoonPhase phase) {
        return new SkyPhase(phase.name().replace(' ', '_').toLowerCase(Locale.ROOT), twoDecimals(phase.illumination()),
                hundredthsBelow(phase.elongation(), 36_000) / 100.0);
    }

    private static List<SkyPosition> positions(Chart chart) {
        return chart.positions().values().stream().map(Sky::position).toList();
    }

    private static SkyPosition position(PlanetPosition position) {
        // The sign is the engine's and the degree is cut within it, so a body at 29.999 Aries stays in Aries.
        long degree = hundredthsBelow(position.degree(), 3_000);
        long longitude = position.sign().ordinal() * 3_000L + degree;
        return new SkyPosition(position.planet().key(), longitude / 100.0, position.sign().key(), degree / 100.0,
                position.retrograde());
    }

    private static SkyAspect aspect(Aspect aspect, boolean highlighted) {
        return new SkyAspect(aspect.transiting().key(), aspect.natal().key(), aspect.type().key(),
                twoDecimals(aspect.orb()), highlighted);
    }

    /** {@code value} in whole hundredths, rounded down, within [0, limit). */
    private static long hundredthsBelow(double value, long limit) {
        return Math.max(0, Math.min(limit - 1, (long) Math.floor(value * 100.0)));
    }

    private static double twoDecimals(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
