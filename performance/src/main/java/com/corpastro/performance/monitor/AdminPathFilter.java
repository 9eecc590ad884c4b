package com.corpastro.performance.monitor;

import java.util.Collections;
import java.util.Enumeration;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.error.ProblemDetailsHandler;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers 401 problem+json ({@code unauthorized}) to requests for the given paths (by default
 * {@code /actuator/prometheus} and {@code /actuator/metrics/**}) that {@link AdminAccess} does not admit.
 */
public final class AdminPathFilter extends OncePerRequestFilter {

    private final List<String> patterns;
    private final AdminAccess adminAccess;
    private final ProblemDetailsHandler problems;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public AdminPathFilter(List<String> patterns, AdminAccess adminAccess, ProblemDetailsHandler problems) {
        this.patterns = List.copyOf(patterns);
        this.adminAccess = adminAccess;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return patterns.stream().noneMatch(pattern -> matcher.match(pattern, path));
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
        response.setHeader("WWW-Authenticate", "Bearer");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "unauthorized",
                "This endpoint needs admin credentials (Authorization: Bearer <token>).");
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
