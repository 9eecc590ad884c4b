package com.corpastro.performance.monitor;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.error.ProblemDetailsHandler;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.PathPatterns;
import com.corpastro.performance.http.RequestPaths;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps the admin paths (by default {@code /actuator/prometheus}, {@code /actuator/metrics/**} and
 * the monitor's API) for callers {@link AdminAccess} admits, before anything reads the request
 * body: no bearer token gives 401 problem+json {@code unauthorized} with
 * {@code WWW-Authenticate: Bearer}, a token that is not an admin's 403 {@code admin_required}.
 *
 * <p>Paths are {@link PathPatterns} ({@code /api/admin/**}), matched against every
 * spelling of the request path that a router could act on: the path as Spring MVC matches it
 * (segments percent-decoded, {@code ;} parameters dropped) and the decoded, normalised path
 * ({@link RequestPaths#normalize(String)}: also {@code //}, {@code .} and {@code ..} resolved and
 * the trailing slash dropped). A request needs admin credentials when, in either spelling, an
 * admin pattern matches and no open pattern does; so {@code /actuator/%70rometheus},
 * {@code /actuator;x/prometheus}, {@code /actuator/prometheus/} and
 * {@code /actuator/health/../prometheus} are all admin paths. Open patterns carve public paths
 * out of broad admin ones ({@code /actuator/**} admin, {@code /actuator/health/**} open).
 *
 * <pre>{@code
 * new AdminPathFilter(List.of("/api/admin/**", "/actuator/**"), List.of("/actuator/health/**"), adminAccess, problems);
 * }</pre>
 */
final class AdminPathFilter extends OncePerRequestFilter {

    private final PathPatterns adminPaths;
    private final PathPatterns openPaths;
    private final AdminAccess adminAccess;
    private final ProblemDetailsHandler problems;

    /**
     * @param adminPaths  patterns of the paths only admins may call
     * @param openPaths   patterns of paths anyone may call even though an admin pattern matches them
     * @param adminAccess who is an admin
     * @param problems    writes the 401 and 403 answers
     */
    AdminPathFilter(List<String> adminPaths, List<String> openPaths, AdminAccess adminAccess,
            ProblemDetailsHandler problems) {
        this.adminPaths = PathPatterns.of(adminPaths, "admin path");
        this.openPaths = PathPatterns.of(openPaths, "open path");
        this.adminAccess = adminAccess;
        this.problems = problems;
    }

    /** A filter for {@code adminPaths} without open paths. */
    AdminPathFilter(List<String> adminPaths, AdminAccess adminAccess, ProblemDetailsHandler problems) {
        this(adminPaths, List.of(), adminAccess, problems);
    }

    /** Whether a request for {@code path} (raw, without context path and query) needs admin credentials. */
    public boolean requiresAdmin(String path) {
        if (adminPaths.isEmpty()) {
            return false;
        }
        String normalized = RequestPaths.normalize(path);
        if (normalized == path && !adminPaths.mayMatch(path)) {
            // A canonical path outside every admin pattern (most requests): no parsing, no allocation.
            return false;
        }
        if (requiresAdmin(RequestPaths.container(normalized))) {
            return true;
        }
        if (normalized.equals(path)) {
            return false;
        }
        PathContainer routed = RequestPaths.routed(withoutTrailingSlash(path));
        return routed != null && requiresAdmin(routed);
    }

    private boolean requiresAdmin(PathContainer path) {
        return adminPaths.matches(path) && !openPaths.matches(path);
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !requiresAdmin(EndpointClassifier.pathWithinApplication(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (adminAccess.isAdmin(request)) {
            String accept = request.getHeader(HttpHeaders.ACCEPT);
            // Actuator's Prometheus endpoint fails with a NullPointerException on an empty Accept
            // header; an empty list of acceptable types is no usable choice, so it means "any".
            chain.doFilter(accept != null && accept.isBlank() ? new WithoutAccept(request) : request, response);
            return;
        }
        problems.write(request, response, AdminAccess.refusal(request));
    }

    /** The request as if it carried no Accept header. */
    private static final class WithoutAccept extends HttpServletRequestWrapper {

        WithoutAccept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(header -> !HttpHeaders.ACCEPT.equalsIgnoreCase(header)).toList());
        }
    }
}
