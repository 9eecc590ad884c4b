package com.corpastro.performance.db;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Opens a {@link QueryScope} around every HTTP request so that {@link QueryAnalyzer} can report
 * N+1 patterns per request. The scope is named after the Spring MVC route template when there is
 * one ({@code GET /api/businesses/{id}}), else the method and path; code on the request thread can
 * name it with {@link QueryAnalyzer#setRoute(String)}. Registered by the auto-configuration.
 */
final class QueryScopeFilter implements Filter {

    /** Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}, without a compile dependency on it. */
    static final String ROUTE_TEMPLATE_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    private final QueryAnalyzer analyzer;

    QueryScopeFilter(QueryAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        QueryScope scope = analyzer.openScope(http.getMethod() + " " + http.getRequestURI());
        try {
            chain.doFilter(request, response);
        } finally {
            Object template = http.getAttribute(ROUTE_TEMPLATE_ATTRIBUTE);
            if (template != null && !scope.routeTemplateSet()) {
                scope.route(http.getMethod() + " " + template);
            }
            scope.close();
        }
    }
}
