package com.corpastro.backend.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;

import com.corpastro.performance.error.AppError;

/** The span the ephemeris is accurate over, and so the dates the API accepts: 1900 to 2100. */
public final class SupportedRange {

    public static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(2100, 12, 31);

    private SupportedRange() {
    }

    public static boolean contains(LocalDate date) {
        return !date.isBefore(FIRST_DAY) && !date.isAfter(LAST_DAY);
    }

    public static boolean contains(Instant instant) {
        return contains(LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }

    /**
     * {@code date} (YYYY-MM-DD) as a day in the range: 400 invalid_date when it is no calendar
     * date, 400 date_out_of_range outside it.
     */
    public static LocalDate parseDay(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_date",
                    "date must be a calendar date in the form YYYY-MM-DD, was '" + Inputs.echo(date) + "'.");
        }
        if (!contains(day)) {
            throw new AppError(HttpStatus.BAD_REQUEST, "date_out_of_range", "date must be between "
                    + FIRST_DAY + " and " + LAST_DAY + ", was " + date + ".");
        }
        return day;
    }
}
