package com.corpastro.performance.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import com.corpastro.performance.http.EndpointPolicy.RateLimitKey;

/**
 * The HTTP layer, under {@code corp-astro.http}: endpoint types (the rate limits and
 * {@code Cache-Control} by type), client addresses behind proxies, ETags and response buffering,
 * timing, security headers and the path firewall. Rate limiting, compression and the response cache
 * have their own properties under {@code corp-astro.http.rate-limit}, {@code .compression} and
 * {@code .response-cache}.
 *
 * <p>Endpoint types {@code auth}, {@code content}, {@code api}, {@code public} and {@code admin}
 * always exist with these defaults; an application adds its path patterns and may change any
 * value, or define more types. Every response of a private type (errors too) also gets
 * {@code Vary: Authorization}, and its errors {@code private, no-cache}:
 *
 * <table>
 * <caption>built-in endpoint types</caption>
 * <tr><th>type</th><th>limit per minute</th><th>key</th><th>Cache-Control</th></tr>
 * <tr><td>auth</td><td>10</td><td>ip</td><td>no-store</td></tr>
 * <tr><td>content</td><td>300</td><td>user</td><td>private, max-age=60</td></tr>
 * <tr><td>api</td><td>600</td><td>user</td><td>private, no-cache</td></tr>
 * <tr><td>public</td><td>1200</td><td>ip</td><td>public, max-age=300, stale-while-revalidate=60</td></tr>
 * <tr><td>admin</td><td>600</td><td>user</td><td>no-store</td></tr>
 * </table>
 */
@ConfigurationProperties("corp-astro.http")
public class HttpProperties {

    private static final Map<String, EndpointPolicy> BUILT_IN = builtIn();

    /**
     * Peers whose X-Forwarded-For and X-Forwarded-Proto are believed: IP addresses or CIDR
     * ranges of proxies only (a client inside a trusted range could name any address). Empty means
     * the socket peer is always the client.
     */
    private List<String> trustedProxies = new ArrayList<>();

    /** Endpoint type of a request that no pattern matches. */
    private String defaultEndpointType = "api";

    /** Endpoint types by name; patterns are matched in the order the types are declared. */
    private Map<String, EndpointType> endpointTypes = new LinkedHashMap<>();

    /** Largest response body held back for ETag, compression and the response cache; larger ones stream. */
    private DataSize maxBufferSize = DataSize.ofMegabytes(4);

    private final Etag etag = new Etag();

    private final Timing timing = new Timing();

    private final SecurityHeaders securityHeaders = new SecurityHeaders();

    private final PathFirewall pathFirewall = new PathFirewall();

    /** The policy of every endpoint type: the built-in defaults overlaid with what is configured. */
    public Map<String, EndpointPolicy> policies() {
        Map<String, EndpointPolicy> policies = new LinkedHashMap<>(BUILT_IN);
        endpointTypes.forEach((name, type) -> {
            EndpointPolicy base = BUILT_IN.get(name);
            if (base == null && type.getLimit() == null) {
                throw new IllegalArgumentException("corp-astro.http.endpoint-types." + name
                        + ".limit must be set for an endpoint type that is not built in, was null");
            }
            String cacheControl = type.getCacheControl() != null ? type.getCacheControl()
                    : base != null ? base.cacheControl() : null;
            policies.put(name, new EndpointPolicy(name,
                    type.getLimit() != null ? type.getLimit() : base.limit(),
                    type.getPeriod() != null ? type.getPeriod() : base != null ? base.period() : Duration.ofMinutes(1),
                    type.getKey() != null ? type.getKey() : base != null ? base.key() : RateLimitKey.USER,
                    "none".equalsIgnoreCase(cacheControl) ? null : cacheControl));
        });
        if (!policies.containsKey(defaultEndpointType)) {
            throw new IllegalArgumentException("corp-astro.http.default-endpoint-type must name an endpoint type, was '"
                    + defaultEndpointType + "'");
        }
        return policies;
    }

    /** Path patterns by endpoint type, in declaration order. */
    public Map<String, List<String>> patterns() {
        Map<String, List<String>> patterns = new LinkedHashMap<>();
        endpointTypes.forEach((name, type) -> patterns.put(name, type.getPatterns()));
        return patterns;
    }

    private static Map<String, EndpointPolicy> builtIn() {
        Map<String, EndpointPolicy> map = new LinkedHashMap<>();
        Duration minute = Duration.ofMinutes(1);
        map.put("auth", new EndpointPolicy("auth", 10, minute, RateLimitKey.IP, "no-store"));
        map.put("content", new EndpointPolicy("content", 300, minute, RateLimitKey.USER, "private, max-age=60"));
        map.put("api", new EndpointPolicy("api", 600, minute, RateLimitKey.USER, "private, no-cache"));
        map.put("public", new EndpointPolicy("public", 1200, minute, RateLimitKey.IP,
                "public, max-age=300, stale-while-revalidate=60"));
        map.put("admin", new EndpointPolicy("admin", 600, minute, RateLimitKey.USER, "no-store"));
        return map;
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public String getDefaultEndpointType() {
        return defaultEndpointType;
    }

    public void setDefaultEndpointType(String defaultEndpointType) {
        this.defaultEndpointType = defaultEndpointType;
    }

    public Map<String, EndpointType> getEndpointTypes() {
        return endpointTypes;
    }

    public void setEndpointTypes(Map<String, EndpointType> endpointTypes) {
        this.endpointTypes = endpointTypes;
    }

    public DataSize getMaxBufferSize() {
        return maxBufferSize;
    }

    public void setMaxBufferSize(DataSize maxBufferSize) {
        this.maxBufferSize = maxBufferSize;
    }

    public Etag getEtag() {
        return etag;
    }

    public Timing getTiming() {
        return timing;
    }

    public SecurityHeaders getSecurityHeaders() {
        return securityHeaders;
    }

    public PathFirewall getPathFirewall() {
        return pathFirewall;
    }

    /** One endpoint type; unset values keep the built-in type's default. */
    public static class EndpointType {

        /** Rules "[METHOD ]/path/pattern" in Spring PathPattern syntax, e.g. "POST /api/users". */
        private List<String> patterns = new ArrayList<>();

        /** Requests allowed per period and key (the token bucket's capacity). */
        private Long limit;

        /** Time in which an empty bucket refills completely. */
        private Duration period;

        /** What the limit counts by: user (the authenticated user, else the client IP) or ip. */
        private RateLimitKey key;

        /**
         * Cache-Control of successful GET responses that set none ("none" for no header). Every other response of
         * a private type gets "private, no-cache", of a no-store type this value; private types vary by Authorization.
         */
        private String cacheControl;

        public List<String> getPatterns() {
            return patterns;
        }

        public void setPatterns(List<String> patterns) {
            this.patterns = patterns;
        }

        public Long getLimit() {
            return limit;
        }

        public void setLimit(Long limit) {
            this.limit = limit;
        }

        public Duration getPeriod() {
            return period;
        }

        public void setPeriod(Duration period) {
            this.period = period;
        }

        public RateLimitKey getKey() {
            return key;
        }

        public void setKey(RateLimitKey key) {
            this.key = key;
        }

        public String getCacheControl() {
            return cacheControl;
        }

        public void setCacheControl(String cacheControl) {
            this.cacheControl = cacheControl;
        }
    }

    /** ETags and conditional GETs. */
    public static class Etag {

        /** Whether GET and HEAD responses get a weak ETag and If-None-Match gives 304. */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Response timing. */
    public static class Timing {

        /**
         * Whether responses carry X-Response-Time and Server-Timing, slow requests are logged and the
         * corp_astro.http.requests timer records; the monitor's request metrics are timed either way.
         */
        private boolean enabled = true;

        /** Requests at least this slow are logged as event=slow_request. */
        private Duration slowThreshold = Duration.ofMillis(500);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getSlowThreshold() {
            return slowThreshold;
        }

        public void setSlowThreshold(Duration slowThreshold) {
            this.slowThreshold = slowThreshold;
        }
    }

    /** Security headers. */
    public static class SecurityHeaders {

        /** Whether every response gets the security headers. */
        private boolean enabled = true;

        /** Referrer-Policy value. */
        private String referrerPolicy = "no-referrer";

        /** Content-Security-Policy of HTML pages; empty for none. */
        private String contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; "
                + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

        /** Strict-Transport-Security of HTTPS responses; empty for none. */
        private String strictTransportSecurity = "max-age=31536000; includeSubDomains";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getReferrerPolicy() {
            return referrerPolicy;
        }

        public void setReferrerPolicy(String referrerPolicy) {
            this.referrerPolicy = referrerPolicy;
        }

        public String getContentSecurityPolicy() {
            return contentSecurityPolicy;
        }

        public void setContentSecurityPolicy(String contentSecurityPolicy) {
            this.contentSecurityPolicy = contentSecurityPolicy;
        }

        public String getStrictTransportSecurity() {
            return strictTransportSecurity;
        }

        public void setStrictTransportSecurity(String strictTransportSecurity) {
            this.strictTransportSecurity = strictTransportSecurity;
        }
    }

    /** The path firewall: 400 invalid_path for paths that are not in canonical form. */
    public static class PathFirewall {

        /**
         * Whether requests whose raw path has ';', '//', '.' or '..' segments, encoded '.', '/', '\', '%',
         * ';' or control characters, a backslash or non-ASCII characters are refused with 400 invalid_path.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
