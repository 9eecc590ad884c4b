package com.corpastro.performance.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.error.ProblemDetailsHandler;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers 413 problem+json ({@code payload_too_large}) for request bodies over the limit of their
 * route: at once when {@code Content-Length} says so, before anything is read, and while reading
 * for bodies of unknown length (the read throws {@link RequestBodyTooLargeException}, which the
 * problem handler renders). Every route has the default limit unless a {@link Route} names it;
 * the first route that matches wins. Multipart uploads keep their own limits
 * ({@code spring.servlet.multipart.*}) and are not wrapped.
 *
 * <pre>{@code
 * new RequestBodyLimitFilter(64 * 1024,
 *         List.of(new RequestBodyLimitFilter.Route(List.of("POST /api/admin/businesses/import"), 32 << 20)),
 *         problems);
 * }</pre>
 */
final class RequestBodyLimitFilter extends OncePerRequestFilter {

    private static final String DEFAULT = "default";

    private final long defaultLimit;
    private final long smallestLimit;
    private final EndpointClassifier routes;
    private final Map<String, Long> limits;
    private final ProblemDetailsHandler problems;

    /**
     * The limit of some routes.
     *
     * @param patterns   rules {@code "[METHOD ]/path/pattern"} in Spring {@code PathPattern} syntax
     * @param limitBytes the largest body they accept
     */
    public record Route(List<String> patterns, long limitBytes) {

        public Route {
            if (limitBytes <= 0) {
                throw new IllegalArgumentException("limitBytes of " + patterns + " must be > 0, was " + limitBytes);
            }
            patterns = List.copyOf(patterns);
        }
    }

    /** One limit for every route. */
    RequestBodyLimitFilter(long limitBytes, ProblemDetailsHandler problems) {
        this(limitBytes, List.of(), problems);
    }

    /**
     * @param defaultLimitBytes the limit of routes none of {@code routes} matches
     * @param routes            routes with another limit, the first match wins
     * @param problems          writes the 413
     */
    RequestBodyLimitFilter(long defaultLimitBytes, List<Route> routes, ProblemDetailsHandler problems) {
        if (defaultLimitBytes <= 0) {
            throw new IllegalArgumentException("limitBytes must be > 0, was " + defaultLimitBytes);
        }
        this.defaultLimit = defaultLimitBytes;
        this.problems = problems;
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        Map<String, Long> byRoute = new HashMap<>();
        long smallest = defaultLimitBytes;
        for (int i = 0; i < routes.size(); i++) {
            String name = Integer.toString(i);
            patterns.put(name, routes.get(i).patterns());
            byRoute.put(name, routes.get(i).limitBytes());
            smallest = Math.min(smallest, routes.get(i).limitBytes());
        }
        this.routes = routes.isEmpty() ? null : EndpointClassifier.of(patterns, DEFAULT);
        this.limits = Map.copyOf(byRoute);
        this.smallestLimit = smallest;
    }

    /** The body limit of {@code request}'s route. */
    public long limitFor(HttpServletRequest request) {
        if (routes == null) {
            return defaultLimit;
        }
        Long limit = limits.get(routes.classify(request));
        return limit != null ? limit : defaultLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared >= 0 && declared <= smallestLimit) {
            // The container never reads past Content-Length: nothing to count.
            chain.doFilter(request, response);
            return;
        }
        if (declared > 0) {
            long limit = limitFor(request);
            if (declared > limit) {
                problems.write(request, response, new RequestBodyTooLargeException(limit));
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new LimitedRequest(request, this), response);
    }

    /** A request of unknown body length whose body is counted as it is read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final RequestBodyLimitFilter filter;
        private ServletInputStream stream;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request, RequestBodyLimitFilter filter) {
            super(request);
            this.filter = filter;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (reader != null) {
                throw new IllegalStateException("getReader() has already been called for this request");
            }
            return stream();
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                if (stream != null) {
                    throw new IllegalStateException("getInputStream() has already been called for this request");
                }
                String encoding = getCharacterEncoding();
                Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
                reader = new BufferedReader(new InputStreamReader(stream(), charset));
            }
            return reader;
        }

        private ServletInputStream stream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), filter.limitFor(this));
            }
            return stream;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new RequestBodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
