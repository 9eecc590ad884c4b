package com.corpastro.backend.business;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.http.HttpStatus;

import com.corpastro.backend.system.Inputs;
import com.corpastro.backend.astro.SupportedRange;
import com.corpastro.performance.error.AppError;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the rows of a business import as a stream: a JSON array of objects token by token, CSV
 * record by record, so the body is never held as a whole, nor as a tree. Each row is checked and
 * typed as it is read, so the first bad row, or row {@value #MAX_ROWS}+1, ends the import at once
 * with its row number, before the rest of the body is read.
 */
final class ImportRows {

    static final int MAX_ROWS = 100_000;
    static final List<String> COLUMNS = List.of("externalId", "ownerId", "name", "foundedAt", "latitude",
            "longitude");

    private ImportRows() {
    }

    /** The rows of a JSON array of row objects, read from {@code parser}, which this closes. */
    static List<ImportRow> readJson(JsonParser parser) {
        try (parser) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw malformed("The import body must be a JSON array of row objects.");
            }
            List<ImportRow> rows = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                int row = rows.size() + 1;
                if (token == null) {
                    throw malformed("The JSON array of rows ends before its closing bracket.");
                }
                requireRoom(row);
                if (token != JsonToken.START_OBJECT) {
                    throw rowError(row, "must be a JSON object with " + String.join(", ", COLUMNS));
                }
                rows.add(jsonRow(parser, row));
            }
            if (parser.nextToken() != null) {
                throw malformed("The import body has more after the JSON array of rows.");
            }
            return rows;
        } catch (JacksonException e) {
            rethrowAppError(e);
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw malformed("The request body is not valid JSON" + where + ".");
        }
    }

    /** The rows of a CSV document whose first line names the columns, in any order. */
    static List<ImportRow> readCsv(Reader csv) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            List<String> missing = COLUMNS.stream().filter(c -> !parser.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new AppError(HttpStatus.BAD_REQUEST, "invalid_import_header",
                        "The CSV header line must name the columns " + String.join(", ", COLUMNS) + "; missing: "
                                + String.join(", ", missing) + ".");
            }
            int columns = parser.getHeaderNames().size();
            List<ImportRow> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                int row = rows.size() + 1;
                requireRoom(row);
                if (record.size() != columns) {
                    throw rowError(row, "has " + record.size() + " values for " + columns + " columns");
                }
                Map<String, Value> values = new HashMap<>();
                for (String column : COLUMNS) {
                    values.put(column, Value.csv(record.get(column)));
                }
                rows.add(typed(row, values));
            }
            return rows;
        } catch (UncheckedIOException e) {
            // commons-csv reports a malformed record (an unclosed quote) while iterating.
            rethrowAppError(e);
            throw invalidCsv(e.getCause());
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            rethrowAppError(e);
            throw invalidCsv(e);
        }
    }

    private static ImportRow jsonRow(JsonParser parser, int row) {
        Map<String, Value> values = new HashMap<>();
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            if (!COLUMNS.contains(name)) {
                parser.skipChildren();
                continue;
            }
            Value value;
            if (token.isScalarValue()) {
                value = new Value(token == JsonToken.VALUE_NULL ? null : parser.getString(), token);
            } else {
                parser.skipChildren();
                value = new Value(token == JsonToken.START_OBJECT ? "{...}" : "[...]", token);
            }
            if (values.put(name, value) != null) {
                throw rowError(row, "names " + name + " twice");
            }
        }
        return typed(row, values);
    }

    private static ImportRow typed(int row, Map<String, Value> values) {
        return new ImportRow(text(row, "externalId", values.get("externalId"), 100),
                ownerId(row, values.get("ownerId")),
                text(row, "name", values.get("name"), 200),
                instant(row, values.get("foundedAt")),
                number(row, "latitude", values.get("latitude"), -90, 90),
                number(row, "longitude", values.get("longitude"), -180, 180));
    }

    private static void requireRoom(int row) {
        if (row > MAX_ROWS) {
            throw new AppError(HttpStatus.BAD_REQUEST, "too_many_rows",
                    "An import takes at most " + MAX_ROWS + " rows; row " + row + " is one too many. Nothing was imported.");
        }
    }

    /**
     * A value as it arrived: its text ({@code null} when absent or JSON null) and its JSON token
     * (CSV values are all strings).
     */
    private record Value(String text, JsonToken kind) {

        static Value csv(String text) {
            return new Value(text, JsonToken.VALUE_STRING);
        }

        boolean isMissing() {
            return text == null || (kind == JsonToken.VALUE_STRING && text.isBlank());
        }

        boolean isNumber() {
            return kind == JsonToken.VALUE_NUMBER_INT || kind == JsonToken.VALUE_NUMBER_FLOAT;
        }
    }

    private static String text(int row, String field, Value value, int maxLength) {
        requirePresent(row, field, value);
        if (value.kind() != JsonToken.VALUE_STRING) {
            throw rowError(row, field + " must be a string, was " + Inputs.echo(value.text()));
        }
        String text = value.text();
        if (text.length() > maxLength) {
            throw rowError(row, field + " must be at most " + maxLength + " characters");
        }
        if (!Inputs.isPlainText(text)) {
            throw rowError(row, field + " " + Inputs.PLAIN_TEXT_MESSAGE);
        }
        return text.trim();
    }

    /** A positive whole number, exactly: {@code 1e3}, {@code 1.5} and anything beyond a long are refused. */
    private static long ownerId(int row, Value value) {
        requirePresent(row, "ownerId", value);
        long id;
        try {
            if (value.kind() != JsonToken.VALUE_NUMBER_INT && value.kind() != JsonToken.VALUE_STRING) {
                throw new NumberFormatException();
            }
            // Digits only: parseLong refuses exponents, fractions and values beyond a long.
            id = Long.parseLong(value.text().trim());
        } catch (NumberFormatException e) {
            throw rowError(row, "ownerId must be a whole number from 1 to " + Long.MAX_VALUE + ", was "
                    + Inputs.echo(value.text()));
        }
        if (id <= 0) {
            throw rowError(row, "ownerId must be a positive id, was " + id);
        }
        return id;
    }

    private static Instant instant(int row, Value value) {
        requirePresent(row, "foundedAt", value);
        Instant instant;
        try {
            if (value.kind() != JsonToken.VALUE_STRING) {
                throw new DateTimeParseException("not a string", value.text(), 0);
            }
            instant = Instant.parse(value.text().trim());
        } catch (DateTimeParseException e) {
            throw rowError(row, "foundedAt must be an ISO-8601 instant such as 2015-03-20T09:45:00Z, was '"
                    + Inputs.echo(value.text()) + "'");
        }
        if (!SupportedRange.contains(instant)) {
            throw rowError(row, "foundedAt must be between " + SupportedRange.FIRST_DAY + " and "
                    + SupportedRange.LAST_DAY + ", was " + instant);
        }
        return instant;
    }

    private static double number(int row, String field, Value value, double min, double max) {
        requirePresent(row, field, value);
        double number;
        try {
            if (!value.isNumber() && value.kind() != JsonToken.VALUE_STRING) {
                throw new NumberFormatException();
            }
            // BigDecimal: a decimal number and nothing else (no NaN, Infinity, hex or a 'd' suffix).
            number = new BigDecimal(value.text().trim()).doubleValue();
        } catch (NumberFormatException e) {
            throw rowError(row, field + " must be a number, was '" + Inputs.echo(value.text()) + "'");
        }
        if (!(number >= min && number <= max)) {
            throw rowError(row, field + " must be between " + (int) min + " and " + (int) max + ", was " + number);
        }
        return number;
    }

    private static void requirePresent(int row, String field, Value value) {
        if (value == null || value.isMissing()) {
            throw rowError(row, field + " is missing");
        }
    }

    /** The error a body stream reported, such as 413 from a body size limit, when a parser wrapped it. */
    private static void rethrowAppError(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
            if (cause instanceof AppError error) {
                throw error;
            }
        }
    }

    static AppError rowError(int row, String problem) {
        return new AppError(HttpStatus.BAD_REQUEST, "invalid_import_row",
                "Row " + row + ": " + problem + ". Nothing was imported.");
    }

    private static AppError malformed(String detail) {
        return new AppError(HttpStatus.BAD_REQUEST, "malformed_request_body", detail + " Nothing was imported.");
    }

    private static AppError invalidCsv(Throwable problem) {
        return new AppError(HttpStatus.BAD_REQUEST, "invalid_csv", "The CSV document cannot be read: "
                + Inputs.echo(String.valueOf(problem.getMessage())) + ". Nothing was imported.");
    }
}
