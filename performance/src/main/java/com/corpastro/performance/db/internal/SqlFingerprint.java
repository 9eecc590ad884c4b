package com.corpastro.performance.db.internal;

import java.util.regex.Pattern;

/**
 * The shape of a SQL statement: literals and bind markers become {@code ?}, comments and extra
 * whitespace go, keywords and names are lower-cased (except quoted identifiers), and lists of
 * markers ({@code IN (?, ?, ?)}, multi-row {@code VALUES}) collapse so that they do not make a
 * new fingerprint per length.
 */
public final class SqlFingerprint {

    private static final Pattern MARKER_LIST = Pattern.compile("\\(\\?(?:, \\?)+\\)");
    /**
     * Possessive ({@code ++}): java.util.regex runs a greedy loop over this group by recursing once
     * per row, and the multi-row INSERT of a 100,000-row business import on H2 overflowed the stack.
     */
    private static final Pattern ROW_LIST = Pattern.compile("(\\((?:\\?|\\?\\+)\\))(?:, \\((?:\\?|\\?\\+)\\))++");

    private SqlFingerprint() {
    }

    public static String of(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                pendingSpace = out.length() > 0;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                char last = out.charAt(out.length() - 1);
                if (last != '(' && c != ')' && c != ',') {
                    out.append(' ');
                }
                pendingSpace = false;
            }
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                out.append('?');
            } else if (c == '"') {
                int end = skipQuoted(sql, i, '"');
                out.append(sql, i, Math.min(n, end + 1));
                i = end;
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                while (i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                    i++;
                }
                out.append('?');
            } else if (Character.isDigit(c) && !partOfIdentifier(out)) {
                while (i + 1 < n && (Character.isLetterOrDigit(sql.charAt(i + 1)) || sql.charAt(i + 1) == '.')) {
                    i++;
                }
                out.append('?');
            } else if (c == ',') {
                out.append(", ");
                while (i + 1 < n && Character.isWhitespace(sql.charAt(i + 1))) {
                    i++;
                }
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        String normalised = out.toString().replace(" ,", ",").strip();
        if (normalised.endsWith(";")) {
            normalised = normalised.substring(0, normalised.length() - 1).strip();
        }
        normalised = MARKER_LIST.matcher(normalised).replaceAll("(?+)");
        return ROW_LIST.matcher(normalised).replaceAll("$1, ...");
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return sql.length();
    }

    private static boolean partOfIdentifier(StringBuilder out) {
        if (out.length() == 0) {
            return false;
        }
        char last = out.charAt(out.length() - 1);
        return Character.isLetterOrDigit(last) || last == '_' || last == '"';
    }
}
