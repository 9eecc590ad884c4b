package com.corpastro.performance.http;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.error.AppError;
import com.corpastro.performance.error.ProblemDetailsHandler;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers 400 problem+json ({@code invalid_path}) to a request whose raw path the parts of the
 * stack could read differently, before any other filter looks at it; modelled on Spring
 * Security's {@code StrictHttpFirewall}. Refused anywhere in the path (the query string is not
 * looked at):
 *
 * <ul>
 * <li>a {@code ;} (path parameters, also a trailing one): routing ignores them, a matcher on the
 * raw path does not;</li>
 * <li>an empty segment ({@code //}) and a {@code .} or {@code ..} segment ({@code /./},
 * {@code /../}, a trailing {@code /.} or {@code /..});</li>
 * <li>an encoded {@code .}, {@code /}, {@code \}, {@code %}, {@code ;}, NUL or other control
 * character ({@code %2e}, {@code %2f}, {@code %5c}, {@code %25}, {@code %3b}, {@code %00},
 * {@code %0a}, in either case), and a {@code %} not followed by two hex digits;</li>
 * <li>a backslash, a control character and anything outside printable ASCII.</li>
 * </ul>
 *
 * Percent-encoded letters and digits ({@code /actuator/%70rometheus}) stay allowed: they decode
 * to one unambiguous path, which is what access rules match (see
 * {@code com.corpastro.performance.monitor.AdminPathFilter}). The check is one scan of the URI
 * with no allocation unless the request is refused.
 *
 * <pre>{@code
 * new PathFirewallFilter(problems);   // registered first, right after the request id filter
 * PathFirewallFilter.rejection("/api/users/me;x=1");   // "a ';' path parameter"
 * }</pre>
 */
final class PathFirewallFilter extends OncePerRequestFilter {

    private static final String PATH_PARAMETER = "a ';' path parameter";
    private static final String BACKSLASH = "a backslash";
    private static final String BAD_ESCAPE = "a '%' that is not followed by two hex digits";
    private static final String ENCODED_SEPARATOR = "an encoded '.', '/', '\\', '%', ';' or control character";
    private static final String EMPTY_SEGMENT = "an empty segment ('//')";
    private static final String DOT_SEGMENT = "a '.' or '..' segment";
    private static final String BAD_CHARACTER = "a control or non-ASCII character";

    private final ProblemDetailsHandler problems;

    PathFirewallFilter(ProblemDetailsHandler problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String reason = rejection(request.getRequestURI());
        if (reason == null) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(request, response, new AppError(HttpStatus.BAD_REQUEST, "invalid_path",
                "The path is not in canonical form: it contains " + reason + "."));
    }

    /**
     * Why {@code path} (a raw request URI without the query string) is refused, or {@code null}
     * when it is canonical. The reasons are constants: nothing is allocated.
     */
    public static String rejection(String path) {
        int length = path.length();
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            switch (c) {
                case ';' -> {
                    return PATH_PARAMETER;
                }
                case '\\' -> {
                    return BACKSLASH;
                }
                case '%' -> {
                    int value = i + 2 < length ? escaped(path.charAt(i + 1), path.charAt(i + 2)) : -1;
                    if (value < 0) {
                        return BAD_ESCAPE;
                    }
                    if (value == '.' || value == '/' || value == '\\' || value == '%' || value == ';' || value < 0x20
                            || value == 0x7f) {
                        return ENCODED_SEPARATOR;
                    }
                    i += 2;
                }
                case '/' -> {
                    String segment = i + 1 < length ? segmentAfterSlash(path, i + 1) : null;
                    if (segment != null) {
                        return segment;
                    }
                }
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        return BAD_CHARACTER;
                    }
                }
            }
        }
        return null;
    }

    /** Why the segment that starts at {@code start} (right after a slash) is refused, or {@code null}. */
    private static String segmentAfterSlash(String path, int start) {
        char first = path.charAt(start);
        if (first == '/') {
            return EMPTY_SEGMENT;
        }
        return first == '.' && RequestPaths.isDotSegment(path, start) ? DOT_SEGMENT : null;
    }

    /** The byte {@code %hl} stands for, or -1 when {@code h} or {@code l} is no hex digit. */
    private static int escaped(char h, char l) {
        int high = RequestPaths.hex(h);
        int low = RequestPaths.hex(l);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }
}
