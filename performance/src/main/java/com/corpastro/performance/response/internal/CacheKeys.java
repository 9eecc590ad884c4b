package com.corpastro.performance.response.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.server.PathContainer;

import com.corpastro.performance.http.EndpointClassifier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Response-cache keys from what a route declares: the configured host (never the {@code Host}
 * header), the path as Spring MVC matches it (segments percent-decoded, {@code ;} parameters
 * dropped) and the route's known query parameters in their declared order, as the servlet
 * container decodes them. The raw query string never enters a key, so unknown parameters
 * ({@code ?cb=1}) create no entries; {@link #onlyDeclared} hides them from the handler too, so they
 * cannot change the answer either. A canonical path without parameters costs one string
 * concatenation.
 */
public final class CacheKeys {

    private CacheKeys() {
    }

    /**
     * {@code prefix host path[?name=value&...]}; {@code null} when the path or the query string
     * cannot be decoded (the request then bypasses the cache and the handler refuses it).
     */
    public static String key(String prefix, String host, HttpServletRequest request, List<String> parameters) {
        String path = decodedPath(EndpointClassifier.pathWithinApplication(request));
        if (path == null) {
            return null;
        }
        if (parameters.isEmpty()) {
            return prefix + host + ' ' + path;
        }
        StringBuilder key = new StringBuilder(prefix.length() + host.length() + path.length() + 32)
                .append(prefix).append(host).append(' ').append(path);
        char separator = '?';
        try {
            for (String name : parameters) {
                String[] values = request.getParameterValues(name);
                if (values == null) {
                    continue;
                }
                for (String value : values) {
                    key.append(separator).append(name).append('=');
                    escape(value, key);
                    separator = '&';
                }
            }
        } catch (RuntimeException e) {
            // A query string the container cannot decode: the handler answers 400, nothing is cached.
            return null;
        }
        return key.toString();
    }

    /**
     * The path with each segment decoded and its {@code ;} parameters dropped, {@code %}, {@code /},
     * {@code ?}, {@code &} and space inside a segment escaped so that no two paths share a key;
     * {@code path} itself when it has no {@code %} and no {@code ;}; {@code null} when it does not decode.
     */
    static String decodedPath(String path) {
        if (path.indexOf('%') < 0 && path.indexOf(';') < 0) {
            // A raw path has no '?' and no space: nothing to decode, nothing to escape.
            return path;
        }
        PathContainer container;
        try {
            container = PathContainer.parsePath(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
        StringBuilder decoded = new StringBuilder(path.length());
        for (PathContainer.Element element : container.elements()) {
            if (element instanceof PathContainer.PathSegment segment) {
                escape(segment.valueToMatch(), decoded);
            } else {
                decoded.append('/');
            }
        }
        return decoded.toString();
    }

    private static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '/' -> out.append("%2F");
                case '?' -> out.append("%3F");
                case '&' -> out.append("%26");
                case ' ' -> out.append("%20");
                default -> out.append(c);
            }
        }
    }

    /**
     * {@code request} as the handler of a cached route sees it: only the declared query
     * parameters, the query string rebuilt from them. {@code request} itself when it has no query
     * string.
     */
    public static HttpServletRequest onlyDeclared(HttpServletRequest request, List<String> parameters) {
        return request.getQueryString() == null ? request : new DeclaredParameters(request, parameters);
    }

    /** A request whose parameters are the declared ones only. */
    private static final class DeclaredParameters extends HttpServletRequestWrapper {

        private final List<String> declared;

        DeclaredParameters(HttpServletRequest request, List<String> declared) {
            super(request);
            this.declared = declared;
        }

        @Override
        public String getParameter(String name) {
            return declared.contains(name) ? super.getParameter(name) : null;
        }

        @Override
        public String[] getParameterValues(String name) {
            return declared.contains(name) ? super.getParameterValues(name) : null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> map = new LinkedHashMap<>();
            for (String name : declared) {
                String[] values = super.getParameterValues(name);
                if (values != null) {
                    map.put(name, values);
                }
            }
            return Collections.unmodifiableMap(map);
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }

        @Override
        public String getQueryString() {
            StringBuilder query = new StringBuilder();
            getParameterMap().forEach((name, values) -> {
                for (String value : values) {
                    query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                            .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            return query.isEmpty() ? null : query.toString();
        }
    }
}
