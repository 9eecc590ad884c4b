package com.corpastro.performance.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Maps a request to its endpoint type by method and path, before Spring MVC has picked a handler.
 * Rules are {@code "POST /api/users"} or {@code "/api/templates/**"} (any method), in Spring's
 * {@link PathPattern} syntax; the first matching rule wins, in the order given.
 *
 * <pre>{@code
 * EndpointClassifier classifier = EndpointClassifier.of(Map.of(
 *         "auth", List.of("POST /api/users"),
 *         "public", List.of("GET /api/templates/**")), "api");
 * classifier.classify(request);   // "auth", "public" or "api"
 * }</pre>
 */
public final class EndpointClassifier {

    private final List<Rule> rules;
    private final String defaultType;

    private EndpointClassifier(List<Rule> rules, String defaultType) {
        this.rules = List.copyOf(rules);
        this.defaultType = defaultType;
    }

    /**
     * A classifier from endpoint type to its rules; {@code patternsByType} should be ordered (e.g.
     * a {@link java.util.LinkedHashMap}) when rules of different types overlap.
     */
    public static EndpointClassifier of(Map<String, List<String>> patternsByType, String defaultType) {
        if (defaultType == null || defaultType.isBlank()) {
            throw new IllegalArgumentException("default endpoint type must not be blank, was '" + defaultType + "'");
        }
        PathPatternParser parser = new PathPatternParser();
        List<Rule> rules = new ArrayList<>();
        patternsByType.forEach((type, patterns) -> {
            for (String raw : patterns) {
                String text = raw.trim();
                String method = null;
                int space = text.indexOf(' ');
                if (space > 0) {
                    method = text.substring(0, space).toUpperCase(Locale.ROOT);
                    text = text.substring(space + 1).trim();
                }
                if (!text.startsWith("/")) {
                    throw new IllegalArgumentException("pattern of endpoint type '" + type
                            + "' must be '[METHOD ]/path', was '" + raw + "'");
                }
                rules.add(new Rule(type, method, parser.parse(text)));
            }
        });
        return new EndpointClassifier(rules, defaultType);
    }

    /** The endpoint type of {@code request}. */
    public String classify(HttpServletRequest request) {
        return classify(request.getMethod(), pathWithinApplication(request));
    }

    /** The endpoint type of a request with this method and path (without the context path). */
    public String classify(String method, String path) {
        if (rules.isEmpty()) {
            return defaultType;
        }
        PathContainer container;
        try {
            container = PathContainer.parsePath(path);
        } catch (IllegalArgumentException e) {
            // Junk percent-encoding in ";name=value" path parameters, which routing ignores too:
            // classify the path without them, so the junk cannot move a request to a laxer type.
            try {
                container = PathContainer.parsePath(path.replaceAll(";[^/]*", ""));
            } catch (IllegalArgumentException stillBad) {
                return defaultType;
            }
        }
        for (Rule rule : rules) {
            if ((rule.method == null || rule.method.equalsIgnoreCase(method)) && rule.pattern.matches(container)) {
                return rule.type;
            }
        }
        return defaultType;
    }

    /** The request path without the context path. */
    public static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    private record Rule(String type, String method, PathPattern pattern) {
    }
}
