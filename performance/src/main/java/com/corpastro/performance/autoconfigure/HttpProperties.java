package com.corpastro.performance.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.EndpointPolicy.RateLimitKey;

/**
 * The HTTP layer (rate limits, compression, ETags, response cache, timing, security headers),
 * under {@code corp-astro.http}.
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

    private final RateLimit rateLimit = new RateLimit();

    private final Compression compression = new Compression();

    private final Etag etag = new Etag();

    private final ResponseCache responseCache = new ResponseCache();

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

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    public Compression getCompression() {
        return compression;
    }

    public Etag getEtag() {
        return etag;
    }

    public ResponseCache getResponseCache() {
        return responseCache;
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

    /** Rate limiting by endpoint type. */
    public static class RateLimit {

        /** Whether requests are rate limited. */
        private boolean enabled = true;

        /**
         * Redis shared by all nodes for the buckets, e.g. redis://redis:6379; empty falls back to
         * the REDIS_URL environment variable, then spring.data.redis.url, then to in-process buckets.
         */
        private String redisUrl;

        /** Whether to use Redis when one is configured; false keeps the buckets in-process. */
        private boolean redisEnabled = true;

        /** Longest wait for Redis before the local buckets answer instead. */
        private Duration redisTimeout = Duration.ofMillis(250);

        /** How long to use the local buckets after Redis failed before trying Redis again. */
        private Duration retryInterval = Duration.ofSeconds(5);

        /** Prefix of the Redis keys of the buckets. */
        private String keyPrefix = "corp-astro:rate-limit:";

        /** Most in-process buckets held; the least recently used are dropped. */
        private long maxLocalBuckets = 100_000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getRedisUrl() {
            return redisUrl;
        }

        public void setRedisUrl(String redisUrl) {
            this.redisUrl = redisUrl;
        }

        public boolean isRedisEnabled() {
            return redisEnabled;
        }

        public void setRedisEnabled(boolean redisEnabled) {
            this.redisEnabled = redisEnabled;
        }

        public Duration getRedisTimeout() {
            return redisTimeout;
        }

        public void setRedisTimeout(Duration redisTimeout) {
            this.redisTimeout = redisTimeout;
        }

        public Duration getRetryInterval() {
            return retryInterval;
        }

        public void setRetryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public long getMaxLocalBuckets() {
            return maxLocalBuckets;
        }

        public void setMaxLocalBuckets(long maxLocalBuckets) {
            this.maxLocalBuckets = maxLocalBuckets;
        }
    }

    /** Response compression. */
    public static class Compression {

        /** Whether responses are compressed (keep server.compression.enabled=false). */
        private boolean enabled = true;

        /** Codings offered, best first: br, zstd, gzip. */
        private List<String> codings = new ArrayList<>(List.of("br", "zstd", "gzip"));

        /** Smallest body that is compressed. */
        private DataSize minSize = DataSize.ofKilobytes(1);

        /** Compressible content types; text/* and application/*+json style wildcards work. */
        private List<String> mimeTypes = new ArrayList<>(List.of("application/json", "application/*+json",
                "application/javascript", "text/*", "image/svg+xml", "application/xml", "application/*+xml"));

        /** Brotli quality, 0 to 11. */
        private int brotliQuality = 5;

        /** Zstandard level, 1 to 22. */
        private int zstdLevel = 3;

        /** gzip level, 1 to 9. */
        private int gzipLevel = 6;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getCodings() {
            return codings;
        }

        public void setCodings(List<String> codings) {
            this.codings = codings;
        }

        public DataSize getMinSize() {
            return minSize;
        }

        public void setMinSize(DataSize minSize) {
            this.minSize = minSize;
        }

        public List<String> getMimeTypes() {
            return mimeTypes;
        }

        public void setMimeTypes(List<String> mimeTypes) {
            this.mimeTypes = mimeTypes;
        }

        public int getBrotliQuality() {
            return brotliQuality;
        }

        public void setBrotliQuality(int brotliQuality) {
            this.brotliQuality = brotliQuality;
        }

        public int getZstdLevel() {
            return zstdLevel;
        }

        public void setZstdLevel(int zstdLevel) {
            this.zstdLevel = zstdLevel;
        }

        public int getGzipLevel() {
            return gzipLevel;
        }

        public void setGzipLevel(int gzipLevel) {
            this.gzipLevel = gzipLevel;
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

    /** The server-side response cache. */
    public static class ResponseCache {

        /** Whether responses of the routes below are cached. */
        private boolean enabled = true;

        /**
         * GET routes whose responses are cached, "[GET ]/path/pattern[?name&name]", e.g.
         * "GET /api/content/{id}?date&lang"; empty caches nothing. The names after '?' are the query
         * parameters the route reads, in the order its cache key lists them; every other parameter is ignored:
         * it is not in the key and the handler does not see it. '?' cannot be PathPattern's one-character wildcard here.
         */
        private List<String> routes = new ArrayList<>();

        /** Host the cache keys carry, for several sites sharing one cache; empty for none. Never the Host header. */
        private String host = "";

        /** Longest time a response stays cached; a shorter max-age (s-maxage) of the response wins. */
        private Duration ttl = Duration.ofMinutes(1);

        /** Largest uncompressed body that is cached. */
        private DataSize maxEntrySize = DataSize.ofMegabytes(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getRoutes() {
            return routes;
        }

        public void setRoutes(List<String> routes) {
            this.routes = routes;
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public DataSize getMaxEntrySize() {
            return maxEntrySize;
        }

        public void setMaxEntrySize(DataSize maxEntrySize) {
            this.maxEntrySize = maxEntrySize;
        }
    }

    /** Response timing. */
    public static class Timing {

        /** Whether requests are timed (X-Response-Time, Server-Timing, listeners, slow log). */
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
