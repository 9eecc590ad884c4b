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
 *
 * <p>A request is classified once per classifier: the rate limit, the response cache's routes and
 * the response filter all ask, and the answer is kept in a request attribute (checked against the
 * method and path, which a forward changes). The parsed path is kept too, and shared by every
 * classifier that asks about the same request.
 */
public final class EndpointClassifier {

    /** The request attribute holding the parsed path, shared by every classifier. */
    private static final String PARSED_PATH = EndpointClassifier.class.getName() + ".parsedPath";

    private final List<Rule> rules;
    private final String defaultType;
    /** The request attribute holding this classifier's answer. */
    private final String answerAttribute;

    private EndpointClassifier(List<Rule> rules, String defaultType) {
        this.rules = List.copyOf(rules);
        this.defaultType = defaultType;
        this.answerAttribute = EndpointClassifier.class.getName() + ".type@"
                + Integer.toHexString(System.identityHashCode(this));
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

    /** The endpoint type of {@code request}, worked out once per request (see the class comment). */
    public String classify(HttpServletRequest request) {
        if (rules.isEmpty()) {
            return defaultType;
        }
        String method = request.getMethod();
        String path = pathWithinApplication(request);
        if (request.getAttribute(answerAttribute) instanceof Answer answer && answer.isFor(method, path)) {
            return answer.type();
        }
        ParsedPath parsed = request.getAttribute(PARSED_PATH) instanceof ParsedPath known && known.path().equals(path)
                ? known : null;
        if (parsed == null) {
            parsed = new ParsedPath(path, parse(path));
            request.setAttribute(PARSED_PATH, parsed);
        }
        String type = classify(method, parsed.container());
        request.setAttribute(answerAttribute, new Answer(method, path, type));
        return type;
    }

    /** The endpoint type of a request with this method and path (without the context path). */
    public String classify(String method, String path) {
        if (rules.isEmpty()) {
            return defaultType;
        }
        return classify(method, parse(path));
    }

    /**
     * {@code path} parsed for matching, {@code null} when it cannot be: junk percent-encoding in
     * ";name=value" path parameters, which routing ignores too, is dropped first, so the junk cannot
     * move a request to a laxer type.
     */
    private static PathContainer parse(String path) {
        try {
            return PathContainer.parsePath(path);
        } catch (IllegalArgumentException e) {
            try {
                return PathContainer.parsePath(path.replaceAll(";[^/]*", ""));
            } catch (IllegalArgumentException stillBad) {
                return null;
            }
        }
    }

    private String classify(String method, PathContainer container) {
        if (container == null) {
            return defaultType;
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

    /** A path and its parse ({@code null} when it cannot be parsed). */
    private record ParsedPath(String path, PathContainer container) {
    }

    /** A classifier's answer for a request with this method and path. */
    private record Answer(String method, String path, String type) {

        boolean isFor(String method, String path) {
            return this.method.equals(method) && this.path.equals(path);
        }
    }
}
