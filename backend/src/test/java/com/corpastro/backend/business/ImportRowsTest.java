package com.corpastro.backend.business;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.error.AppError;

import tools.jackson.databind.json.JsonMapper;

/** Import rows read as a stream: typed exactly, numbered, capped while counting. */
class ImportRowsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void jsonRowsBecomeTypedRows() {
        List<ImportRow> rows = json("[" + row(1, "42") + ",{\"externalId\":\"e-2\",\"ownerId\":\" 7 \",\"name\":\" Beta \","
                + "\"foundedAt\":\"2002-02-02T00:00:00Z\",\"latitude\":\"-10.5\",\"longitude\":20,\"note\":{\"x\":[1]}}]");

        assertThat(rows).containsExactly(
                new ImportRow("e-1", 42, "Name 1", Instant.parse("2001-01-01T00:00:00Z"), 10.5, -20.25),
                new ImportRow("e-2", 7, "Beta", Instant.parse("2002-02-02T00:00:00Z"), -10.5, 20));
    }

    @Test
    void anOwnerIdThatIsNotExactlyAWholeNumberIsRefusedWithItsRow() {
        for (String ownerId : List.of("1e3", "1.5", "1.0", "9223372036854775808", "-9223372036854775809",
                "\"1e3\"", "\"0x10\"", "\"12abc\"", "true", "[1]", "{\"id\":1}")) {
            AppError error = jsonError("[" + row(1, "1") + "," + row(2, ownerId) + "]");
            assertThat(error.code()).as(ownerId).isEqualTo("invalid_import_row");
            assertThat(error.detail()).as(ownerId).startsWith("Row 2: ownerId must be a whole number");
        }
        assertThat(jsonError("[" + row(1, "0") + "]").detail()).startsWith("Row 1: ownerId must be a positive id");
        assertThat(jsonError("[" + row(1, "null") + "]").detail()).startsWith("Row 1: ownerId is missing");
        assertThat(json("[" + row(1, "9223372036854775807") + "]").get(0).ownerId()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void everyOtherFieldIsTypedAndNamedWithItsRow() {
        String good = row(1, "1");
        record Case(String row, String expected) {
        }
        for (Case c : List.of(
                new Case(good.replace("\"e-1\"", "12"), "Row 2: externalId must be a string"),
                new Case(good.replace("\"Name 1\"", "[\"x\"]"), "Row 2: name must be a string"),
                new Case(good.replace("\"2001-01-01T00:00:00Z\"", "20010101"), "Row 2: foundedAt must be an ISO-8601"),
                new Case(good.replace("10.5", "\"north\""), "Row 2: latitude must be a number"),
                new Case(good.replace("10.5", "\"NaN\""), "Row 2: latitude must be a number"),
                new Case(good.replace("10.5", "1e3"), "Row 2: latitude must be between -90 and 90"),
                new Case(good.replace("-20.25", "true"), "Row 2: longitude must be a number"),
                new Case(good.replace("\"name\"", "\"nom\""), "Row 2: name is missing"),
                new Case(good.replace("}", ",\"name\":\"Again\"}"), "Row 2: names name twice"),
                new Case("42", "Row 2: must be a JSON object"))) {
            AppError error = jsonError("[" + good + "," + c.row() + "]");
            assertThat(error.code()).as(c.row()).isEqualTo("invalid_import_row");
            assertThat(error.detail()).as(c.row()).startsWith(c.expected()).endsWith("Nothing was imported.");
        }
    }

    @Test
    void aBodyThatIsNotOneJsonArrayIsMalformed() {
        for (String body : List.of("", "{}", "[" + row(1, "1"), "[" + row(1, "1") + "] []", "[" + row(1, "1") + ",]",
                "[{\"externalId\":")) {
            assertThat(jsonError(body).code()).as(body).isEqualTo("malformed_request_body");
        }
    }

    @Test
    void oneHundredThousandRowsAreAccepted() {
        assertThat(ImportRows.readJson(JSON.createParser(jsonRows(ImportRows.MAX_ROWS, new AtomicLong()))))
                .hasSize(ImportRows.MAX_ROWS);
    }

    @Test
    void rowOneHundredThousandAndOneEndsTheImportBeforeTheRestIsRead() {
        AtomicLong read = new AtomicLong();
        InputStream body = jsonRows(1_000_000, read);

        AppError error = catchThrowableOfType(AppError.class, () -> ImportRows.readJson(JSON.createParser(body)));

        assertThat(error.code()).isEqualTo("too_many_rows");
        assertThat(error.detail()).contains("row 100001 is one too many");
        long perRow = row(999_999, "1").length() + 1;
        // Row 100,001 and the parser's buffer at most: not the 900,000 rows after it.
        assertThat(read.get()).isLessThan((ImportRows.MAX_ROWS + 1) * perRow + 64 * 1024);
    }

    @Test
    void csvRowsAreTypedAndCappedTheSameWay() {
        String header = "name,externalId,ownerId,foundedAt,latitude,longitude\n";
        List<ImportRow> rows = ImportRows.readCsv(new StringReader(header + "\"Gamma, Inc.\",c-1,3,2003-03-03T03:03:00Z,1.5,2.5\n"));
        assertThat(rows).containsExactly(
                new ImportRow("c-1", 3, "Gamma, Inc.", Instant.parse("2003-03-03T03:03:00Z"), 1.5, 2.5));

        AppError exponent = catchThrowableOfType(AppError.class, () -> ImportRows.readCsv(new StringReader(
                header + "A,c-1,3,2003-03-03T03:03:00Z,1,2\nB,c-2,1e3,2003-03-03T03:03:00Z,1,2\n")));
        assertThat(exponent.detail()).startsWith("Row 2: ownerId must be a whole number");

        AtomicLong read = new AtomicLong();
        AppError tooMany = catchThrowableOfType(AppError.class, () -> ImportRows.readCsv(new InputStreamReader(
                counting(new SequenceInputStream(stream(header), lines(1_000_000, i -> "N,c-" + i
                        + ",1,2001-01-01T00:00:00Z,1,2\n")), read), StandardCharsets.UTF_8)));
        assertThat(tooMany.code()).isEqualTo("too_many_rows");
        assertThat(read.get()).isLessThan((ImportRows.MAX_ROWS + 1) * 40L + 64 * 1024);
    }

    private static List<ImportRow> json(String body) {
        return ImportRows.readJson(JSON.createParser(body));
    }

    private static AppError jsonError(String body) {
        return catchThrowableOfType(AppError.class, () -> json(body));
    }

    private static String row(int index, String ownerId) {
        return "{\"externalId\":\"e-" + index + "\",\"ownerId\":" + ownerId + ",\"name\":\"Name " + index
                + "\",\"foundedAt\":\"2001-01-01T00:00:00Z\",\"latitude\":10.5,\"longitude\":-20.25}";
    }

    /** A JSON array of {@code count} rows, generated as it is read; {@code read} counts the bytes taken. */
    private static InputStream jsonRows(int count, AtomicLong read) {
        InputStream rows = lines(count, i -> (i == 0 ? "[" : ",") + row(i + 1, "1") + "\n");
        return counting(new SequenceInputStream(rows, stream("]")), read);
    }

    private static InputStream lines(int count, IntFunction<String> line) {
        return new SequenceInputStream(new Enumeration<InputStream>() {
            private int next;

            @Override
            public boolean hasMoreElements() {
                return next < count;
            }

            @Override
            public InputStream nextElement() {
                return stream(line.apply(next++));
            }
        });
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InputStream counting(InputStream in, AtomicLong read) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    read.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }
        };
    }
}
