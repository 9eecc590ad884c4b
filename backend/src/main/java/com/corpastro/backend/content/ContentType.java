package com.corpastro.backend.content;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of content and the period each one covers. */
public enum ContentType {

    /** One day. */
    DAILY_HOROSCOPE("daily_horoscope") {
        @Override
        public LocalDate periodStart(LocalDate date) {
            return date;
        }

        @Override
        public LocalDate periodEnd(LocalDate start) {
            return start.plusDays(1);
        }
    },
    /** One ISO week, from its Monday. */
    WEEKLY_FORECAST("weekly_forecast") {
        @Override
        public LocalDate periodStart(LocalDate date) {
            return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }

        @Override
        public LocalDate periodEnd(LocalDate start) {
            return start.plusWeeks(1);
        }
    },
    /** One calendar month, from its first day. */
    MONTHLY_OUTLOOK("monthly_outlook") {
        @Override
        public LocalDate periodStart(LocalDate date) {
            return date.withDayOfMonth(1);
        }

        @Override
        public LocalDate periodEnd(LocalDate start) {
            return start.plusMonths(1);
        }
    };

    private final String key;

    ContentType(String key) {
        this.key = key;
    }

    /** The first day of the period that contains {@code date}. */
    public abstract LocalDate periodStart(LocalDate date);

    /** The first day after the period that starts on {@code start}. */
    public abstract LocalDate periodEnd(LocalDate start);

    /** The name used in URLs and JSON, e.g. {@code daily_horoscope}. */
    public String key() {
        return key;
    }

    /** The key of the template this content is written from, e.g. {@code daily_horoscope_template}. */
    public String templateKey() {
        return key + "_template";
    }

    public static Optional<ContentType> fromKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }

    public static String allKeys() {
        return Arrays.stream(values()).map(ContentType::key).collect(Collectors.joining(", "));
    }
}
