package com.corpastro.performance.db.internal;

import java.util.Locale;

/**
 * The operation ({@code select}, {@code insert}, {@code update}, {@code delete}, {@code merge} or
 * {@code other}) and main table of a statement fingerprint, as the monitor's database series name them.
 *
 * @param operation the statement's verb, lower case
 * @param table     the table it reads from or writes to, {@code -} when it names none
 */
public record StatementShape(String operation, String table) {

    private static final String NONE = "-";

    /** The shape of {@code fingerprint} (see {@link SqlFingerprint}). */
    public static StatementShape of(String fingerprint) {
        String sql = fingerprint.strip().toLowerCase(Locale.ROOT);
        while (sql.startsWith("(")) {
            sql = sql.substring(1).strip();
        }
        String verb = firstWord(sql);
        return switch (verb) {
            case "select", "with" -> new StatementShape("select", tableAfter(sql, " from "));
            case "insert" -> new StatementShape("insert", tableAfter(sql, " into "));
            case "merge" -> new StatementShape("merge", tableAfter(sql, " into "));
            case "update" -> new StatementShape("update", tableAfter(sql, "update "));
            case "delete" -> new StatementShape("delete", tableAfter(sql, " from "));
            case "copy" -> new StatementShape("insert", tableAfter(sql, "copy "));
            default -> new StatementShape("other", NONE);
        };
    }

    private static String firstWord(String sql) {
        int end = 0;
        while (end < sql.length() && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        return sql.substring(0, end);
    }

    /** The name after the last top-level {@code keyword} of a WITH, else its first one: the table the statement is about. */
    private static String tableAfter(String sql, String keyword) {
        int at = sql.startsWith("with") ? sql.lastIndexOf(keyword) : sql.indexOf(keyword);
        if (at < 0) {
            return NONE;
        }
        int start = at + keyword.length();
        while (start < sql.length() && sql.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < sql.length()) {
            char c = sql.charAt(end);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '"')) {
                break;
            }
            end++;
        }
        String table = sql.substring(start, end).replace("\"", "");
        return table.isEmpty() ? NONE : table;
    }
}
