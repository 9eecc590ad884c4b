package com.corpastro.backend.system;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;

import com.corpastro.backend.astro.SupportedRange;
import com.corpastro.performance.error.AppError;

/** Helpers for reading client input and echoing it back in error details and logs. */
public final class Inputs {

    private static final int MAX_ECHO = 64;

    /**
     * Text without control characters (NUL among them, which PostgreSQL cannot store) or unpaired
     * surrogates (which no encoding can store), for {@code @Pattern} on names and ids.
     */
    public static final String PLAIN_TEXT = "[^\\p{Cntrl}\\p{Cs}]*";
    /** The message of a {@link #PLAIN_TEXT} violation. */
    public static final String PLAIN_TEXT_MESSAGE = "must not contain control characters or unpaired surrogates";

    private Inputs() {
    }

    /** Whether {@code value} is {@link #PLAIN_TEXT}. */
    public static boolean isPlainText(String value) {
        return value.matches(PLAIN_TEXT);
    }

    /** {@code value} cut to 64 characters with control characters replaced, safe to quote in a detail or a log line. */
    public static String echo(String value) {
        String cut = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /**
     * {@code date} (YYYY-MM-DD) as a day of the {@link SupportedRange}: 400 invalid_date when it is
     * no calendar date, 400 date_out_of_range outside the range.
     */
    public static LocalDate day(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_date",
                    "date must be a calendar date in the form YYYY-MM-DD, was '" + echo(date) + "'.");
        }
        if (!SupportedRange.contains(day)) {
            throw new AppError(HttpStatus.BAD_REQUEST, "date_out_of_range", "date must be between "
                    + SupportedRange.FIRST_DAY + " and " + SupportedRange.LAST_DAY + ", was " + date + ".");
        }
        return day;
    }
}
