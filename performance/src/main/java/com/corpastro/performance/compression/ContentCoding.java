package com.corpastro.performance.compression;

import java.util.Locale;

/** The content codings the HTTP layer can produce, with their {@code Accept-Encoding} tokens. */
public enum ContentCoding {

    /** Brotli ({@code br}), via brotli4j. */
    BROTLI("br"),
    /** Zstandard ({@code zstd}), via zstd-jni. */
    ZSTD("zstd"),
    /** {@code gzip}, via the JDK. */
    GZIP("gzip"),
    /** No coding. */
    IDENTITY("identity");

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The token used in {@code Accept-Encoding} and {@code Content-Encoding}. */
    public String token() {
        return token;
    }

    /** The coding named by {@code token} ({@code br}, {@code zstd}, {@code gzip}, {@code identity}). */
    public static ContentCoding fromToken(String token) {
        String lower = token.trim().toLowerCase(Locale.ROOT);
        for (ContentCoding coding : values()) {
            if (coding.token.equals(lower)) {
                return coding;
            }
        }
        throw new IllegalArgumentException("content coding must be one of br, zstd, gzip, identity, was '" + token + "'");
    }
}
