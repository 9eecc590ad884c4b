package com.corpastro.backend.business;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.corpastro.backend.system.Inputs;
import com.corpastro.backend.system.SupportedRange;
import com.corpastro.performance.db.BulkOptions;
import com.corpastro.performance.db.BulkResult;
import com.corpastro.performance.db.DatabaseOptimizer;
import com.corpastro.performance.error.AppError;

import tools.jackson.databind.json.JsonMapper;

/**
 * Imports businesses in bulk: every row is checked first, and one bad row rejects the whole
 * request with its row number before anything is written; then all rows go in with one
 * {@link DatabaseOptimizer#bulkInsert} (COPY on PostgreSQL), skipping external ids already present.
 */
@Service
class BusinessImporter {

    static final int MAX_ROWS = 100_000;
    private static final List<String> COLUMNS = List.of("externalId", "ownerId", "name", "foundedAt", "latitude",
            "longitude");
    private static final Logger log = LoggerFactory.getLogger(BusinessImporter.class);

    private final DatabaseOptimizer database;
    private final JdbcClient jdbc;
    private final NatalCharts charts;
    private final JsonMapper json;
    private final Clock clock;

    BusinessImporter(DatabaseOptimizer database, JdbcClient jdbc, NatalCharts charts, JsonMapper json, Clock clock) {
        this.database = database;
        this.jdbc = jdbc;
        this.charts = charts;
        this.json = json;
        this.clock = clock;
    }

    /** A checked row, ready to insert. */
    private record ValidRow(String externalId, long ownerId, String name, Instant foundedAt, double latitude,
            double longitude) {
    }

    BulkResult importRows(List<ImportRow> rows) {
        if (rows.size() > MAX_ROWS) {
            throw new AppError(HttpStatus.BAD_REQUEST, "too_many_rows",
                    "An import takes at most " + MAX_ROWS + " rows, this one has " + rows.size() + ".");
        }
        List<ValidRow> valid = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            valid.add(validate(i + 1, rows.get(i)));
        }
        requireOwnersExist(valid);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        List<Map<String, Object>> records = new ArrayList<>(valid.size());
        for (ValidRow row : valid) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("external_id", row.externalId());
            record.put("owner_id", row.ownerId());
            record.put("name", row.name());
            record.put("founded_at", row.foundedAt().atOffset(ZoneOffset.UTC));
            record.put("latitude", row.latitude());
            record.put("longitude", row.longitude());
            record.put("natal_chart", json.writeValueAsString(charts.of(row.foundedAt())));
            record.put("revision", 1);
            record.put("created_at", now);
            record.put("updated_at", now);
            records.add(record);
        }
        BulkResult result = database.bulkInsert("businesses", records,
                BulkOptions.defaults().ignoringDuplicates("external_id"));
        log.info("event=businesses_imported rows={} inserted={} skipped={}", rows.size(), result.inserted(),
                result.skipped());
        return result;
    }

    /** Rows of a CSV document whose first line names the columns, in any order. */
    static List<ImportRow> parseCsv(String csv) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(true).get();
        try (Reader reader = new StringReader(csv); CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> missing = COLUMNS.stream().filter(c -> !parser.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw new AppError(HttpStatus.BAD_REQUEST, "invalid_import_header",
                        "The CSV header line must name the columns " + String.join(", ", COLUMNS) + "; missing: "
                                + String.join(", ", missing) + ".");
            }
            List<ImportRow> rows = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() == MAX_ROWS) {
                    throw new AppError(HttpStatus.BAD_REQUEST, "too_many_rows",
                            "An import takes at most " + MAX_ROWS + " rows.");
                }
                if (record.size() != parser.getHeaderNames().size()) {
                    throw rowError(rows.size() + 1, "has " + record.size() + " values for "
                            + parser.getHeaderNames().size() + " columns");
                }
                rows.add(new ImportRow(value(record, "externalId"), value(record, "ownerId"), value(record, "name"),
                        value(record, "foundedAt"), value(record, "latitude"), value(record, "longitude")));
            }
            return rows;
        } catch (UncheckedIOException e) {
            // commons-csv reports a malformed record (an unclosed quote) while iterating.
            throw invalidCsv(e.getCause());
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw invalidCsv(e);
        }
    }

    private static AppError invalidCsv(Throwable problem) {
        return new AppError(HttpStatus.BAD_REQUEST, "invalid_csv", "The CSV document cannot be read: "
                + Inputs.echo(String.valueOf(problem.getMessage())) + ". Nothing was imported.");
    }

    private static String value(CSVRecord record, String column) {
        return record.isSet(column) ? record.get(column) : null;
    }

    private static ValidRow validate(int row, ImportRow raw) {
        String externalId = text(row, "externalId", raw.externalId(), 100);
        long ownerId = wholeNumber(row, "ownerId", raw.ownerId());
        String name = text(row, "name", raw.name(), 200);
        Instant foundedAt = instant(row, raw.foundedAt());
        double latitude = number(row, "latitude", raw.latitude(), -90, 90);
        double longitude = number(row, "longitude", raw.longitude(), -180, 180);
        return new ValidRow(externalId, ownerId, name, foundedAt, latitude, longitude);
    }

    private void requireOwnersExist(List<ValidRow> rows) {
        Set<Long> wanted = new HashSet<>();
        rows.forEach(r -> wanted.add(r.ownerId()));
        Set<Long> known = new HashSet<>();
        List<Long> ids = new ArrayList<>(wanted);
        for (int from = 0; from < ids.size(); from += 1_000) {
            known.addAll(jdbc.sql("SELECT id FROM users WHERE id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 1_000)))
                    .query(Long.class).list());
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!known.contains(rows.get(i).ownerId())) {
                throw rowError(i + 1, "ownerId " + rows.get(i).ownerId() + " is not a user");
            }
        }
    }

    private static String text(int row, String field, Object value, int maxLength) {
        if (value == null || value.toString().isBlank()) {
            throw rowError(row, field + " is missing");
        }
        if (!(value instanceof String text)) {
            throw rowError(row, field + " must be a string");
        }
        if (text.length() > maxLength) {
            throw rowError(row, field + " must be at most " + maxLength + " characters");
        }
        if (!Inputs.isPlainText(text)) {
            throw rowError(row, field + " " + Inputs.PLAIN_TEXT_MESSAGE);
        }
        return text.trim();
    }

    private static long wholeNumber(int row, String field, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw rowError(row, field + " is missing");
        }
        try {
            long number = value instanceof Number n && !(value instanceof Double || value instanceof Float)
                    ? n.longValue() : Long.parseLong(value.toString().trim());
            if (number <= 0) {
                throw rowError(row, field + " must be a positive id, was " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw rowError(row, field + " must be a whole number, was '" + Inputs.echo(value.toString()) + "'");
        }
    }

    private static Instant instant(int row, Object value) {
        if (value == null || value.toString().isBlank()) {
            throw rowError(row, "foundedAt is missing");
        }
        Instant instant;
        try {
            instant = Instant.parse(value.toString().trim());
        } catch (DateTimeParseException e) {
            throw rowError(row, "foundedAt must be an ISO-8601 instant such as 2015-03-20T09:45:00Z, was '"
                    + Inputs.echo(value.toString()) + "'");
        }
        if (!SupportedRange.contains(instant)) {
            throw rowError(row, "foundedAt must be between " + SupportedRange.FIRST_DAY + " and "
                    + SupportedRange.LAST_DAY + ", was " + instant);
        }
        return instant;
    }

    private static double number(int row, String field, Object value, double min, double max) {
        if (value == null || value.toString().isBlank()) {
            throw rowError(row, field + " is missing");
        }
        double number;
        try {
            number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw rowError(row, field + " must be a number, was '" + Inputs.echo(value.toString()) + "'");
        }
        if (!(number >= min && number <= max)) {
            throw rowError(row, field + " must be between " + (int) min + " and " + (int) max + ", was " + number);
        }
        return number;
    }

    private static AppError rowError(int row, String problem) {
        return new AppError(HttpStatus.BAD_REQUEST, "invalid_import_row",
                "Row " + row + ": " + problem + ". Nothing was imported.");
    }
}
