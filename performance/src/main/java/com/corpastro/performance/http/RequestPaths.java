package com.corpastro.performance.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.PathContainer;

/**
 * The spellings of a raw request path (the URI without the query string and context path) that
 * access rules and cache keys need:
 *
 * <ul>
 * <li>{@link #routed(String)}: the path as Spring MVC matches it, each segment percent-decoded
 * with its {@code ;} parameters dropped, empty and dot segments kept;</li>
 * <li>{@link #normalize(String)}: the path decoded and normalised: {@code ;} parameters
 * dropped, percent-escapes decoded (an encoded {@code /} or {@code \} separates segments), empty
 * and {@code .} segments dropped, {@code ..} resolved, no trailing slash.</li>
 * </ul>
 *
 * A rule that must hold for every spelling of a path (such as "only admins") checks both; most
 * paths are already canonical, and then {@link #normalize(String)} returns its argument without
 * allocating.
 *
 * <pre>{@code
 * RequestPaths.normalize("/actuator;x/%70rometheus/");   // "/actuator/prometheus"
 * RequestPaths.normalize("/x/../actuator/./prometheus");  // "/actuator/prometheus"
 * }</pre>
 */
public final class RequestPaths {

    private static final PathContainer.Options LITERAL_SEGMENTS = PathContainer.Options.create('/', false);

    private RequestPaths() {
    }

    /**
     * {@code path} as Spring MVC matches it: segments percent-decoded, {@code ;} parameters
     * dropped; {@code null} when it cannot be parsed (malformed escapes), which Spring MVC then
     * refuses too.
     */
    public static PathContainer routed(String path) {
        try {
            return PathContainer.parsePath(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A normalised path ({@link #normalize(String)}) as a {@link PathContainer} whose segments
     * are taken literally (not decoded again), for matching with a {@code PathPattern}.
     */
    public static PathContainer container(String normalized) {
        return PathContainer.parsePath(normalized, LITERAL_SEGMENTS);
    }

    /**
     * {@code path} decoded and normalised; {@code path} itself when it is canonical already (no
     * {@code %}, {@code ;}, backslash, empty, {@code .} or {@code ..} segment, no trailing slash).
     * Escapes that do not decode are kept as they are, bytes that are not UTF-8 become U+FFFD.
     */
    public static String normalize(String path) {
        if (isNormal(path)) {
            return path;
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        int length = path.length();
        while (start <= length) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = length;
            }
            String segment = path.substring(start, end);
            int semicolon = segment.indexOf(';');
            if (semicolon >= 0) {
                segment = segment.substring(0, semicolon);
            }
            // An encoded slash or a backslash separates segments for some servers: resolve both.
            for (String part : decode(segment).split("[/\\\\]", -1)) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    if (!segments.isEmpty()) {
                        segments.remove(segments.size() - 1);
                    }
                    continue;
                }
                segments.add(part);
            }
            start = end + 1;
        }
        return "/" + String.join("/", segments);
    }

    /** Whether {@link #normalize(String)} leaves {@code path} as it is. */
    static boolean isNormal(String path) {
        int length = path.length();
        if (length == 0 || path.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            if (c == '%' || c == ';' || c == '\\') {
                return false;
            }
            if (c == '/' && i + 1 < length) {
                char next = path.charAt(i + 1);
                if (next == '/' || (next == '.' && isDotSegment(path, i + 1))) {
                    return false;
                }
            }
        }
        return length == 1 || path.charAt(length - 1) != '/';
    }

    /** Whether the segment starting at {@code start} (a {@code .}) is {@code .} or {@code ..}. */
    static boolean isDotSegment(String path, int start) {
        int end = start + 1;
        if (end < path.length() && path.charAt(end) == '.') {
            end++;
        }
        return end == path.length() || path.charAt(end) == '/';
    }

    /** Percent-decodes {@code text} as UTF-8, keeping a {@code %} that is not followed by two hex digits. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                int codePoint = text.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The value of the ASCII hex digit {@code c}, or -1. */
    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
