package com.corpastro.performance.db;

import java.util.HashMap;
import java.util.Map;

/**
 * The statements one unit of work (usually one HTTP request) ran on the current thread, for N+1
 * detection. Opened by {@link QueryAnalyzer#openScope(String)} and closed on the same thread;
 * {@link QueryScopeFilter} does both for every servlet request.
 *
 * <pre>{@code
 * try (QueryScope scope = analyzer.openScope("job:nightly-import")) {
 *     runJob();
 * } // logs every statement that ran more often than the N+1 threshold
 * }</pre>
 */
public final class QueryScope implements AutoCloseable {

    private final QueryAnalyzer owner;
    private final QueryScope previous;
    private final Map<String, Integer> executions = new HashMap<>();
    private String route;
    private boolean routeTemplateSet;
    private boolean closed;

    QueryScope(QueryAnalyzer owner, QueryScope previous, String route) {
        this.owner = owner;
        this.previous = previous;
        this.route = route;
    }

    /** The route this scope reports N+1 incidents under. */
    public String route() {
        return route;
    }

    /** Sets the route (a template like {@code GET /api/businesses/{id}} reads best in logs). */
    public void route(String route) {
        if (route != null && !route.isBlank()) {
            this.route = route;
            this.routeTemplateSet = true;
        }
    }

    boolean routeTemplateSet() {
        return routeTemplateSet;
    }

    /** How often each fingerprint ran in this scope so far. */
    public Map<String, Integer> executions() {
        return Map.copyOf(executions);
    }

    void count(String fingerprint) {
        executions.merge(fingerprint, 1, Integer::sum);
    }

    QueryScope previous() {
        return previous;
    }

    Map<String, Integer> counts() {
        return executions;
    }

    /** Ends the scope and reports statements that ran more often than the N+1 threshold. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owner.close(this);
        }
    }
}
