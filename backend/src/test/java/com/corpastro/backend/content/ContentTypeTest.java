package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class ContentTypeTest {

    @Test
    void aDailyPeriodIsTheDayItself() {
        LocalDate day = LocalDate.of(2026, 11, 25);
        assertThat(ContentType.DAILY_HOROSCOPE.periodStart(day)).isEqualTo(day);
        assertThat(ContentType.DAILY_HOROSCOPE.periodEnd(day)).isEqualTo(LocalDate.of(2026, 11, 26));
    }

    @Test
    void aWeeklyPeriodStartsOnTheIsoWeeksMonday() {
        assertThat(ContentType.WEEKLY_FORECAST.periodStart(LocalDate.of(2026, 11, 29))).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(ContentType.WEEKLY_FORECAST.periodStart(LocalDate.of(2026, 11, 23))).isEqualTo(LocalDate.of(2026, 11, 23));
        // ISO week 1 of 2027 starts on Monday 2027-01-04; 2027-01-01 belongs to the week of 2026-12-28.
        assertThat(ContentType.WEEKLY_FORECAST.periodStart(LocalDate.of(2027, 1, 1))).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(ContentType.WEEKLY_FORECAST.periodEnd(LocalDate.of(2026, 12, 28))).isEqualTo(LocalDate.of(2027, 1, 4));
    }

    @Test
    void aMonthlyPeriodIsTheCalendarMonth() {
        assertThat(ContentType.MONTHLY_OUTLOOK.periodStart(LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(ContentType.MONTHLY_OUTLOOK.periodEnd(LocalDate.of(2024, 2, 1))).isEqualTo(LocalDate.of(2024, 3, 1));
    }

    @Test
    void keysRoundTripAndUnknownKeysAreEmpty() {
        for (ContentType type : ContentType.values()) {
            assertThat(ContentType.fromKey(type.key())).contains(type);
        }
        assertThat(ContentType.DAILY_HOROSCOPE.templateKey()).isEqualTo("daily_horoscope_template");
        assertThat(ContentType.fromKey("DAILY_HOROSCOPE")).isEmpty();
        assertThat(ContentType.fromKey("yearly")).isEmpty();
    }
}
