package com.corpastro.performance.db.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Streams rows into PostgreSQL with {@code COPY ... FROM STDIN (FORMAT csv)}. Loaded only on PostgreSQL. */
final class PgCopy {

    private static final int FLUSH_CHARS = 256 * 1024;

    private PgCopy() {
    }

    /** Copies every row into {@code target} (already quoted) and returns the rows the server took. */
    static long copy(Connection connection, String target, String columnList, Collection<?> rows, RowShape shape)
            throws SQLException {
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + target + " (" + columnList + ") FROM STDIN (FORMAT csv)");
        try {
            StringBuilder buffer = new StringBuilder(FLUSH_CHARS + 4096);
            long index = 0;
            for (Object row : rows) {
                Object[] values = shape.values(row, index++);
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        buffer.append(',');
                    }
                    appendCsv(buffer, values[i]);
                }
                buffer.append('\n');
                if (buffer.length() >= FLUSH_CHARS) {
                    write(copyIn, buffer);
                }
            }
            write(copyIn, buffer);
            return copyIn.endCopy();
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copyIn, StringBuilder buffer) throws SQLException {
        if (buffer.length() > 0) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copyIn.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    /** CSV: an unquoted empty field is NULL; everything else that is not a number is quoted. */
    static void appendCsv(StringBuilder out, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
            return;
        }
        String text;
        if (value instanceof byte[] bytes) {
            text = "\\x" + HexFormat.of().formatHex(bytes);
        } else if (value instanceof Enum<?> e) {
            text = e.name();
        } else if (value instanceof java.sql.Timestamp || value instanceof java.sql.Date || value instanceof java.sql.Time
                || value instanceof TemporalAccessor) {
            text = value.toString();
        } else if (value instanceof Date date) {
            text = date.toInstant().toString();
        } else {
            text = value.toString();
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
