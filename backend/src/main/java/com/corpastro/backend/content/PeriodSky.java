package com.corpastro.backend.content;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.corpastro.backend.astro.Aspect;
import com.corpastro.backend.astro.Chart;
import com.corpastro.backend.astro.MoonPhase;
import com.corpastro.backend.business.Business;

/**
 * One computation of a period's sky for a business: what both generators write the text from and
 * what {@link Sky} shows, so the text and the structured sky can never disagree.
 *
 * @param at         the instant the sky is computed for, the period's midpoint
 * @param aspects    every aspect from {@code transits} to {@code natal}, tightest first
 * @param highlights the closest aspects, the ones the text describes
 */
record PeriodSky(Business business, ContentType type, LocalDate periodStart, Instant at, Chart transits,
        Chart natal, MoonPhase phase, List<Aspect> aspects, List<Aspect> highlights) {
}
