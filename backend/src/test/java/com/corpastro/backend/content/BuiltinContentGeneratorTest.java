package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

class BuiltinContentGeneratorTest {

    private final BuiltinContentGenerator generator = new BuiltinContentGenerator(new AstroEngine());
    private final Business business = new Business(7, 3, "Nova Bakery", Instant.parse("2011-06-01T08:00:00Z"),
            51.5, -0.12, Map.of(), 1);
    private final Template daily = new Template("daily_horoscope_template",
            "Daily horoscope for {business}, {period}. {moon} {sun} {highlights} {retrogrades} {advice} {unknown}",
            1, Instant.EPOCH);

    @Test
    void theSameInputsGiveTheSameText() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        assertThat(generator.generate(business, ContentType.DAILY_HOROSCOPE, day, daily))
                .isEqualTo(generator.generate(business, ContentType.DAILY_HOROSCOPE, day, daily));
    }

    @Test
    void theTemplateIsFilledWithReadableSentencesAboutThePeriod() {
        String text = generator.generate(business, ContentType.DAILY_HOROSCOPE, LocalDate.of(2026, 11, 25), daily);

        assertThat(text).startsWith("Daily horoscope for Nova Bakery, Wednesday 25 November 2026. The Moon is ")
                // The Sun enters Sagittarius around 22 November.
                .contains("The Sun stands at").contains("Sagittarius")
                .contains("Advice:")
                .doesNotContain("{business}").doesNotContain("{moon}").doesNotContain("  ");
        // An unknown placeholder is left as written rather than silently dropped.
        assertThat(text).endsWith("{unknown}");
        assertThat(text.split("\\. ")).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void differentDaysAndBusinessesGiveDifferentTexts() {
        String today = generator.generate(business, ContentType.DAILY_HOROSCOPE, LocalDate.of(2026, 11, 25), daily);
        String nextWeek = generator.generate(business, ContentType.DAILY_HOROSCOPE, LocalDate.of(2026, 12, 2), daily);
        Business other = new Business(8, 3, "Nova Bakery", Instant.parse("1987-02-14T12:00:00Z"), 0, 0, Map.of(), 1);
        String otherChart = generator.generate(other, ContentType.DAILY_HOROSCOPE, LocalDate.of(2026, 11, 25), daily);

        assertThat(nextWeek).isNotEqualTo(today);
        assertThat(otherChart).isNotEqualTo(today);
    }
}
