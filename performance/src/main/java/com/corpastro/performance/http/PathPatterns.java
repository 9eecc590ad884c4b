package com.corpastro.performance.http;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A list of path patterns in Spring's {@link PathPattern} syntax ({@code /api/admin/**},
 * {@code /dashboard/**}), the one path syntax of the performance system, for rules by path alone
 * (no method). {@link #mayMatch(String)} answers "certainly not" for most paths without parsing or
 * allocating, from the literal start of each pattern.
 *
 * <pre>{@code
 * PathPatterns admin = PathPatterns.of(List.of("/api/admin/**", "/actuator/**"), "admin path");
 * admin.matches("/api/admin/metrics");   // true
 * }</pre>
 */
public final class PathPatterns {

    private final List<PathPattern> patterns;
    /** The literal start of each pattern (up to its first wildcard or variable). */
    private final String[] prefixes;

    private PathPatterns(List<PathPattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.prefixes = this.patterns.stream().map(PathPatterns::literalPrefix).toArray(String[]::new);
    }

    /**
     * The patterns {@code patterns}; each must start with {@code /}, else the message names
     * {@code what} and the bad value.
     */
    public static PathPatterns of(List<String> patterns, String what) {
        List<PathPattern> parsed = new ArrayList<>();
        for (String pattern : patterns) {
            String text = pattern == null ? "" : pattern.trim();
            if (!text.startsWith("/")) {
                throw new IllegalArgumentException(what + " must be a path pattern starting with '/', was '" + pattern
                        + "'");
            }
            parsed.add(PathPatternParser.defaultInstance.parse(text));
        }
        return new PathPatterns(parsed);
    }

    /** Whether there are no patterns (nothing matches). */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** {@code false} when no pattern can match {@code path} (it starts with no pattern's literal start). */
    public boolean mayMatch(String path) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a pattern matches {@code path}, a path as Spring MVC matches it (see {@link RequestPaths}). */
    public boolean matches(PathContainer path) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a pattern matches the raw request path {@code path} (without context path and query)
     * as Spring MVC routes it; {@code false} for a path it cannot parse.
     */
    public boolean matches(String path) {
        if (!mayMatch(path)) {
            return false;
        }
        PathContainer routed = RequestPaths.routed(path);
        return routed != null && matches(routed);
    }

    /** The pattern's text up to its first wildcard, variable or "**" ({@code /api/admin} of {@code /api/admin/**}). */
    private static String literalPrefix(PathPattern pattern) {
        String text = pattern.getPatternString();
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '{') {
                end = i;
                break;
            }
        }
        // "/actuator/**" also matches "/actuator": stop before the slash that precedes the wildcard.
        return end > 1 && end < text.length() && text.charAt(end - 1) == '/' ? text.substring(0, end - 1)
                : text.substring(0, end);
    }
}
