package com.corpastro.performance.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A set of routes {@code "[METHOD ]/path/pattern[?name&name...]"} (Spring {@code PathPattern}
 * syntax), e.g. the routes whose responses the response cache keeps. The optional query part
 * declares the query parameters the route reads, in a canonical order (the order of a cache key);
 * a {@code ?} always starts it, so {@code PathPattern}'s single-character wildcard {@code ?}
 * cannot be used in these rules. The first route that matches a request is its route.
 *
 * <pre>{@code
 * RequestPatterns cached = RequestPatterns.of(List.of("GET /api/templates/*", "GET /api/content/{id}?date&lang"));
 * cached.route(request).parameters();   // [date, lang] for GET /api/content/7?lang=en&date=2026-01-01
 * }</pre>
 */
public final class RequestPatterns {

    private static final String NO_MATCH = "-";

    private final EndpointClassifier classifier;
    private final Map<String, Route> routes;

    private RequestPatterns(EndpointClassifier classifier, Map<String, Route> routes) {
        this.classifier = classifier;
        this.routes = Map.copyOf(routes);
    }

    /**
     * One route.
     *
     * @param rule       the rule as configured
     * @param parameters the query parameters the route reads, in their canonical order
     */
    public record Route(String rule, List<String> parameters) {

        public Route {
            parameters = List.copyOf(parameters);
        }
    }

    /** Rules that match a request when any one of {@code rules} does. */
    public static RequestPatterns of(List<String> rules) {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        Map<String, Route> routes = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            String rule = rules.get(i).trim();
            int query = rule.indexOf('?');
            String name = "route-" + i;
            patterns.put(name, List.of(query < 0 ? rule : rule.substring(0, query).trim()));
            routes.put(name, new Route(rule, query < 0 ? List.of() : parameters(rule, rule.substring(query + 1))));
        }
        return new RequestPatterns(EndpointClassifier.of(patterns, NO_MATCH), routes);
    }

    private static List<String> parameters(String rule, String query) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : query.split("&", -1)) {
            String name = part.trim();
            if (!name.matches("[A-Za-z0-9._~-]+") || !seen.add(name)) {
                throw new IllegalArgumentException("the query part of a route must be parameter names (letters, digits,"
                        + " '.', '_', '~', '-') separated by '&', each once, was '" + rule + "'");
            }
            names.add(name);
        }
        return names;
    }

    /** The first route that matches {@code request}, or {@code null}. */
    public Route route(HttpServletRequest request) {
        return routes.isEmpty() ? null : routes.get(classifier.classify(request));
    }

    /** Whether a rule matches {@code request}. */
    public boolean matches(HttpServletRequest request) {
        return route(request) != null;
    }

    /** Whether there are no rules (nothing matches). */
    public boolean isEmpty() {
        return routes.isEmpty();
    }
}
