package com.corpastro.performance.http;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A set of {@code "[METHOD ]/path/pattern"} rules (Spring {@code PathPattern} syntax), e.g. the
 * routes whose responses the response cache keeps.
 *
 * <pre>{@code
 * RequestPatterns cached = RequestPatterns.of(List.of("GET /api/templates/*"));
 * cached.matches(request);
 * }</pre>
 */
public final class RequestPatterns {

    private static final String MATCH = "match";
    private static final String NO_MATCH = "-";

    private final EndpointClassifier classifier;
    private final boolean empty;

    private RequestPatterns(EndpointClassifier classifier, boolean empty) {
        this.classifier = classifier;
        this.empty = empty;
    }

    /** Rules that match a request when any one of {@code patterns} does. */
    public static RequestPatterns of(List<String> patterns) {
        return new RequestPatterns(EndpointClassifier.of(Map.of(MATCH, patterns), NO_MATCH), patterns.isEmpty());
    }

    /** Whether a rule matches {@code request}. */
    public boolean matches(HttpServletRequest request) {
        return !empty && MATCH.equals(classifier.classify(request));
    }

    /** Whether there are no rules (nothing matches). */
    public boolean isEmpty() {
        return empty;
    }
}
