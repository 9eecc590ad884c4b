package com.corpastro.performance.logging;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * URLs fit for logs and error messages: the user info ({@code user:password@}) of a URL such as
 * {@code redis://user:secret@host:6379/0} becomes {@code ***}, so a password never reaches a log
 * line, while host, port and path stay to tell which server was meant.
 *
 * <pre>{@code
 * log.info("event=connected redis={}", UrlCredentials.redact(url));   // redis://***@host:6379/0
 * }</pre>
 */
public final class UrlCredentials {

    private static final String MASK = "***";

    private UrlCredentials() {
    }

    /**
     * {@code url} with its user info replaced by {@code ***}; {@code url} itself when it has
     * none, {@code null} for {@code null}. Works on anything URL-like, also without a scheme
     * ({@code user:pw@host:6379}) or when it would not parse.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int authority = scheme >= 0 ? scheme + 3 : 0;
        int end = url.length();
        for (int i = authority; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < authority) {
            return url;
        }
        return url.substring(0, authority) + MASK + url.substring(at);
    }

    /** Every URL of {@code urls} (their {@code toString()}) redacted, as {@code [a, b]}. */
    public static String redact(Collection<?> urls) {
        return urls.stream().map(url -> redact(String.valueOf(url))).collect(Collectors.joining(", ", "[", "]"));
    }
}
