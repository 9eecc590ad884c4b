package com.corpastro.backend.system;

/** Helpers for echoing client input back in error details and logs. */
public final class Inputs {

    private static final int MAX_ECHO = 64;

    private Inputs() {
    }

    /** {@code value} cut to 64 characters with control characters replaced, safe to quote in a detail or a log line. */
    public static String echo(String value) {
        String cut = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
