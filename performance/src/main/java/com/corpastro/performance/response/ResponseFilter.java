package com.corpastro.performance.response;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cdn.EdgeKeys;
import com.corpastro.performance.compression.Compression;
import com.corpastro.performance.compression.ContentCoding;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;
import com.corpastro.performance.http.ResponseTiming;
import com.corpastro.performance.http.ServerTiming;
import com.corpastro.performance.response.internal.BufferingResponse;
import com.corpastro.performance.response.internal.CacheHeaders;
import com.corpastro.performance.response.internal.CacheKeys;
import com.corpastro.performance.response.internal.ETags;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Everything the HTTP layer does with a response body, in one buffering pass so nothing is
 * buffered, hashed or compressed twice:
 *
 * <ol>
 * <li><b>Cache headers.</b> A successful GET without {@code Cache-Control} gets its endpoint
 * type's (e.g. {@code public, max-age=300, stale-while-revalidate=60}); every other response of a
 * {@code private} type gets {@code private, no-cache}, of a {@code no-store} type its value, and
 * every response of a private type {@code Vary: Authorization}, errors and streamed ones included.</li>
 * <li><b>ETag.</b> A weak ETag of the uncompressed body for GET and HEAD, so every encoding
 * validates against it; a matching {@code If-None-Match} gives 304 with no body.</li>
 * <li><b>Compression.</b> {@code Accept-Encoding} negotiated with q-values (br, zstd, gzip,
 * else identity) for compressible types from the minimum size on, with
 * {@code Vary: Accept-Encoding}; never for HEAD, 204, 304, ranges, {@code text/event-stream},
 * {@code Cache-Control: no-transform} or a body that is already encoded.</li>
 * <li><b>Response cache.</b> For the configured GET routes the final response is kept in the
 * {@link CacheManager} with its body in identity and in the coding the request asked for (another
 * coding is made on its first request and added to the entry), keyed by the configured host, the decoded
 * path, the route's declared query parameters and the user (unless it is {@code public}), never by
 * the raw query string or the {@code Host} header; the handler sees the declared parameters only,
 * so an unknown one ({@code ?cb=1}) neither creates an entry nor changes the answer. Tagged with the
 * {@link ResponseCacheTags}. Each lookup marks the request {@link ResponseTiming#CACHE_ATTRIBUTE} hit or
 * miss, so the request's timing says whether the cache answered. A hit answers without
 * calling the controller or compressing anything. Responses with {@code Set-Cookie},
 * {@code no-store}, {@code Vary: *} or a status other than 2xx are never stored.</li>
 * </ol>
 *
 * Each part can be switched off; build with {@link #builder()}. Asynchronous requests, event
 * streams, partial content and bodies larger than the buffer limit pass through untouched.
 *
 * <p>With {@link EdgeKeys}, a response a shared cache may keep ({@code Cache-Control: public}) carries
 * its {@link ResponseCacheTags} as edge keys ({@code Surrogate-Key}, {@code xkey}, ...), stored with
 * it in the response cache; any other response carries none, whatever its handler set.
 */
final class ResponseFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ResponseFilter.class);

    private static final String KEY_PREFIX = "http-response:";
    /** Headers that describe framing, this one exchange, or what outer filters add on every response. */
    private static final Set<String> NOT_STORED = Set.of("content-length", "content-encoding", "transfer-encoding",
            "connection", "keep-alive", "date", "set-cookie", "server-timing", "x-response-time", "ratelimit",
            "ratelimit-policy", "retry-after", "content-type");

    private final EndpointClassifier classifier;
    private final Map<String, EndpointPolicy> policies;
    private final Compression compression;
    private final boolean etags;
    private final CacheManager cache;
    private final RequestPatterns cachedRoutes;
    private final String keyHost;
    private final Duration cacheTtl;
    private final int maxEntrySize;
    private final RequestIdentity identity;
    private final int maxBuffer;
    private final EdgeKeys edgeKeys;
    private final Clock clock;

    private ResponseFilter(Builder builder) {
        this.classifier = builder.classifier;
        this.policies = Map.copyOf(builder.policies);
        this.compression = builder.compression;
        this.etags = builder.etags;
        this.cache = builder.cache;
        this.cachedRoutes = builder.cachedRoutes;
        this.keyHost = builder.keyHost;
        this.cacheTtl = builder.cacheTtl;
        this.maxEntrySize = builder.maxEntrySize;
        this.identity = builder.identity;
        this.maxBuffer = builder.maxBuffer;
        this.edgeKeys = builder.edgeKeys;
        this.clock = builder.clock;
    }

    /** A builder with every part off; switch on what you need. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        boolean getOrHead = head || "GET".equals(method);
        RequestPatterns.Route route = cache != null && getOrHead ? cachedRoutes.route(request) : null;
        String key = route != null ? CacheKeys.key(KEY_PREFIX, keyHost, request, route.parameters()) : null;
        boolean cacheable = key != null;
        // Taken before the handler reads anything: a response built from data an invalidation then
        // replaced is not stored after it (its tags' new generations would make it look current).
        long invalidationMark = cacheable ? cache.invalidationMark() : 0L;
        Optional<String> user = cacheable ? identity.userKey(request) : Optional.empty();
        EndpointPolicy policy = policies.get(classifier.classify(request));
        if (cacheable) {
            if (serveFromCache(request, response, policy, key, user, head, invalidationMark)) {
                request.setAttribute(ResponseTiming.CACHE_ATTRIBUTE, ResponseTiming.CacheLookup.HIT);
                return;
            }
            request.setAttribute(ResponseTiming.CACHE_ATTRIBUTE, ResponseTiming.CacheLookup.MISS);
        }
        Set<String> setBefore = cacheable ? lowerCase(response.getHeaderNames()) : Set.of();
        boolean preset = CacheHeaders.preset(policy, response);
        BufferingResponse buffered = new BufferingResponse(response, maxBuffer);
        // HEAD runs as GET so the ETag and Content-Length describe the body a GET would get.
        HttpServletRequest downstream = head && etags ? new AsGet(request) : request;
        if (cacheable) {
            // The handler sees the parameters the key has, and no others.
            downstream = CacheKeys.onlyDeclared(downstream, route.parameters());
        }
        chain.doFilter(downstream, buffered);
        if (request.isAsyncStarted()) {
            // The body comes later, on another thread: let it through untouched.
            buffered.streamThrough();
            return;
        }
        buffered.finish();
        if (buffered.isPassThrough()) {
            return;
        }
        int status = response.getStatus();
        CacheHeaders.apply(policy, response, status, getOrHead, preset, buffered.isCacheControlSet(),
                buffered.isVarySet());
        String cacheControl = lower(response.getHeader("Cache-Control"));
        List<EntityTag> tags = tags(request, buffered);
        if (edgeKeys != null) {
            if (EdgeKeys.isShared(cacheControl)) {
                edgeKeys.apply(response, tags);
            } else {
                EdgeKeys.remove(response);
            }
        }
        String etag = null;
        if (etags && getOrHead && status == 200 && !cacheControl.contains("no-store")) {
            etag = response.getHeader("ETag");
            if (etag == null) {
                etag = ETags.weak(buffered.buffer(), buffered.size());
                response.setHeader("ETag", etag);
            }
        }
        boolean compressible = compression != null && status >= 200 && status != 204 && status != 206
                && buffered.size() >= compression.minSize() && compression.isCompressible(response.getContentType())
                && response.getHeader("Content-Encoding") == null && !cacheControl.contains("no-transform")
                && request.getHeader("Range") == null;
        if (compressible) {
            CacheHeaders.addVary(response, "Accept-Encoding");
        }
        ContentCoding coding = compressible && !head ? compression.negotiate(request.getHeader("Accept-Encoding"))
                : ContentCoding.IDENTITY;
        CachedResponse stored = null;
        if (cacheable && !head && !ResponseCacheTags.isStoreSkipped(request)
                && isStorable(response, status, cacheControl, buffered)) {
            stored = store(request, response, key, user, status, etag, buffered, compressible, coding, setBefore,
                    cacheControl, invalidationMark, tags);
        }
        if (cacheable) {
            ServerTiming.describe(request, "response-cache", stored != null ? "miss-stored" : "miss");
        }
        if (etag != null && ETags.matches(request.getHeader("If-None-Match"), etag)) {
            notModified(response);
            return;
        }
        byte[] out;
        int length;
        if (coding == ContentCoding.IDENTITY) {
            out = buffered.buffer();
            length = buffered.size();
        } else {
            out = stored != null ? stored.body(coding.token()) : null;
            if (out == null) {
                // Not kept by the response cache: compressed for this client only, so at the quicker quality.
                out = compression.compressOnce(coding, buffered.body());
            }
            length = out.length;
        }
        write(response, coding, out, length, head);
    }

    private boolean serveFromCache(HttpServletRequest request, HttpServletResponse response, EndpointPolicy policy,
            String base, Optional<String> user, boolean head, long invalidationMark) throws IOException {
        CachedResponse entry;
        try {
            entry = lookup(request, policy, base, user);
        } catch (RuntimeException e) {
            log.warn("event=response_cache_lookup_failed path={} error=\"{}\"", request.getRequestURI(), e.toString());
            return false;
        }
        if (entry == null) {
            return false;
        }
        response.setStatus(entry.status());
        if (entry.contentType() != null) {
            response.setContentType(entry.contentType());
        }
        for (CachedResponse.Header header : entry.headers()) {
            response.addHeader(header.name(), header.value());
        }
        if (entry.route() != null) {
            request.setAttribute(ResponseTiming.ROUTE_ATTRIBUTE, entry.route());
        }
        ServerTiming.describe(request, "response-cache", "hit");
        if (entry.etag() != null && ETags.matches(request.getHeader("If-None-Match"), entry.etag())) {
            notModified(response);
            return true;
        }
        ContentCoding coding = ContentCoding.IDENTITY;
        byte[] body = entry.body(ContentCoding.IDENTITY.token());
        if (!head && compression != null && (entry.compressible() || entry.bodies().size() > 1)) {
            ContentCoding negotiated = compression.negotiate(request.getHeader("Accept-Encoding"));
            byte[] variant = entry.body(negotiated.token());
            if (variant == null && entry.compressible() && negotiated != ContentCoding.IDENTITY) {
                variant = compression.compress(negotiated, body);
                addCoding(request, entry, entry.shared() ? base : privateKey(base, user), negotiated, variant,
                        invalidationMark);
            }
            if (variant != null) {
                coding = negotiated;
                body = variant;
            }
        }
        write(response, coding, body, body.length, head);
        return true;
    }

    /**
     * Stores {@code entry} again with the body in {@code coding} too, for what is left of its time
     * and with its tags, unless an invalidation passed since {@code invalidationMark} (taken before
     * the entry was looked up): the next request for this coding is a plain hit.
     */
    private void addCoding(HttpServletRequest request, CachedResponse entry, String key, ContentCoding coding,
            byte[] bytes, long invalidationMark) {
        long left = entry.expiresAtMillis() - clock.millis();
        if (left <= 0) {
            return;
        }
        try {
            cache.fill(key, entry.withBody(coding.token(), bytes), Duration.ofMillis(left), entry.tags(),
                    invalidationMark);
        } catch (RuntimeException e) {
            log.warn("event=response_cache_store_failed path={} error=\"{}\"", request.getRequestURI(), e.toString());
        }
    }

    /**
     * The stored response for this request: the shared one or this user's. The kind the endpoint
     * type's {@code Cache-Control} makes likely is asked first, because the other is usually
     * absent and a key absent from the local tier costs a round trip to the shared one.
     */
    private CachedResponse lookup(HttpServletRequest request, EndpointPolicy policy, String base,
            Optional<String> user) {
        if (policy != null && policy.isPrivate()) {
            CachedResponse own = own(request, base, user);
            return own != null ? own : shared(request, base);
        }
        CachedResponse shared = shared(request, base);
        return shared != null ? shared : own(request, base, user);
    }

    private CachedResponse shared(HttpServletRequest request, String base) {
        return cache.get(base, CachedResponse.class)
                .filter(entry -> entry.shared() && varyMatches(entry, request)).orElse(null);
    }

    private CachedResponse own(HttpServletRequest request, String base, Optional<String> user) {
        return cache.get(privateKey(base, user), CachedResponse.class)
                .filter(entry -> varyMatches(entry, request)).orElse(null);
    }

    private CachedResponse store(HttpServletRequest request, HttpServletResponse response, String base,
            Optional<String> user, int status, String etag, BufferingResponse buffered, boolean compressible,
            ContentCoding coding, Set<String> setBefore, String cacheControl, long invalidationMark,
            List<EntityTag> tags) {
        try {
            List<String> vary = varyNames(response);
            boolean shared = cacheControl.contains("public") && !vary.contains("authorization") && !vary.contains("cookie");
            Duration ttl = ttl(cacheControl, shared);
            if (ttl.isZero()) {
                return null;
            }
            byte[] identityBody = buffered.body();
            // Only the coding this request asked for: the others are made when first asked for.
            List<CachedResponse.Body> bodies = coding == ContentCoding.IDENTITY
                    ? List.of(new CachedResponse.Body(ContentCoding.IDENTITY.token(), identityBody))
                    : List.of(new CachedResponse.Body(ContentCoding.IDENTITY.token(), identityBody),
                            new CachedResponse.Body(coding.token(), compression.compress(coding, identityBody)));
            List<CachedResponse.Header> headers = new ArrayList<>();
            for (String name : new LinkedHashSet<>(response.getHeaderNames())) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (NOT_STORED.contains(lower) || setBefore.contains(lower)) {
                    continue;
                }
                for (String value : response.getHeaders(name)) {
                    headers.add(new CachedResponse.Header(name, value));
                }
            }
            List<CachedResponse.Header> varyValues = new ArrayList<>();
            for (String name : vary) {
                if (!name.equals("accept-encoding") && !name.equals("authorization")) {
                    String value = request.getHeader(name);
                    varyValues.add(new CachedResponse.Header(name, value == null ? "" : value));
                }
            }
            Object route = request.getAttribute(ResponseTiming.ROUTE_ATTRIBUTE);
            CachedResponse entry = new CachedResponse(status, response.getContentType(), headers, etag,
                    route instanceof String text ? text : null, bodies, varyValues, shared, compressible,
                    List.copyOf(tags), clock.millis() + ttl.toMillis());
            // A fill, not a set: the response was just built from current data, so the other nodes'
            // copies (if any) are as good, and a broadcast on every first request would flood the channel.
            return cache.fill(shared ? base : privateKey(base, user), entry, ttl, tags, invalidationMark) ? entry : null;
        } catch (RuntimeException e) {
            log.warn("event=response_cache_store_failed path={} error=\"{}\"", request.getRequestURI(), e.toString());
            return null;
        }
    }

    /** The response's entity tags: added while handling it, and from its {@code X-Cache-Tags} header. */
    private static List<EntityTag> tags(HttpServletRequest request, BufferingResponse buffered) {
        List<EntityTag> tags = new ArrayList<>(ResponseCacheTags.of(request));
        try {
            tags.addAll(ResponseCacheTags.parse(buffered.cacheTags()));
        } catch (IllegalArgumentException e) {
            log.warn("event=response_cache_tags_invalid path={} error=\"{}\"", request.getRequestURI(), e.getMessage());
        }
        return tags;
    }

    private boolean isStorable(HttpServletResponse response, int status, String cacheControl,
            BufferingResponse buffered) {
        return status >= 200 && status < 300 && status != 206
                && !cacheControl.contains("no-store")
                && response.getHeader("Set-Cookie") == null
                && !"*".equals(trim(response.getHeader("Vary")))
                && buffered.size() <= maxEntrySize;
    }

    /** The configured TTL, shortened to {@code s-maxage} (shared) or {@code max-age} when the response has them. */
    private Duration ttl(String cacheControl, boolean shared) {
        Duration ttl = cacheTtl;
        Long maxAge = directive(cacheControl, shared ? "s-maxage" : "max-age");
        if (maxAge == null && shared) {
            maxAge = directive(cacheControl, "max-age");
        }
        if (maxAge != null && Duration.ofSeconds(maxAge).compareTo(ttl) < 0) {
            ttl = Duration.ofSeconds(Math.max(0, maxAge));
        }
        return ttl;
    }

    private static Long directive(String cacheControl, String name) {
        for (String part : cacheControl.split(",")) {
            String text = part.trim();
            if (text.startsWith(name + "=")) {
                try {
                    return Long.parseLong(text.substring(name.length() + 1).replace("\"", "").trim());
                } catch (NumberFormatException e) {
                    return 0L;
                }
            }
        }
        return null;
    }

    private boolean varyMatches(CachedResponse entry, HttpServletRequest request) {
        for (CachedResponse.Header header : entry.varyRequestHeaders()) {
            String value = request.getHeader(header.name());
            if (!header.value().equals(value == null ? "" : value)) {
                return false;
            }
        }
        return true;
    }

    private static void notModified(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        response.setContentLengthLong(-1);
    }

    private static void write(HttpServletResponse response, ContentCoding coding, byte[] body, int length, boolean head)
            throws IOException {
        if (coding != ContentCoding.IDENTITY) {
            response.setHeader("Content-Encoding", coding.token());
        }
        response.setContentLength(length);
        if (!head && length > 0) {
            response.getOutputStream().write(body, 0, length);
        }
    }

    private static List<String> varyNames(HttpServletResponse response) {
        List<String> names = new ArrayList<>();
        for (String value : response.getHeaders("Vary")) {
            for (String part : value.split(",")) {
                String token = part.trim().toLowerCase(Locale.ROOT);
                if (!token.isEmpty()) {
                    names.add(token);
                }
            }
        }
        return names;
    }

    private static String privateKey(String base, Optional<String> user) {
        return base + " user=" + user.orElse("-");
    }

    private static Set<String> lowerCase(Iterable<String> names) {
        Set<String> lower = new HashSet<>();
        for (String name : names) {
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        return lower;
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    /** A HEAD request shown to the application as GET. */
    private static final class AsGet extends HttpServletRequestWrapper {

        AsGet(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getMethod() {
            return "GET";
        }
    }

    /** Builds a {@link ResponseFilter}; every setter rejects a bad value with the value in the message. */
    public static final class Builder {

        private EndpointClassifier classifier = EndpointClassifier.of(Map.of(), "api");
        private Map<String, EndpointPolicy> policies = Map.of();
        private Compression compression;
        private boolean etags;
        private CacheManager cache;
        private RequestPatterns cachedRoutes = RequestPatterns.of(List.of());
        private String keyHost = "";
        private Duration cacheTtl = Duration.ofMinutes(1);
        private int maxEntrySize = 1024 * 1024;
        private RequestIdentity identity = RequestIdentity.bearerTokenHash();
        private int maxBuffer = 4 * 1024 * 1024;
        private EdgeKeys edgeKeys;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The clock of the response cache's expiry times (default: the system clock). */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /** Sends the entity tags of public responses as {@code edgeKeys}; {@code null} (the default) sends none. */
        public Builder edgeKeys(EdgeKeys edgeKeys) {
            this.edgeKeys = edgeKeys;
            return this;
        }

        /** Endpoint types and their policies, for the {@code Cache-Control} of each type. */
        public Builder cacheHeaders(EndpointClassifier classifier, Map<String, EndpointPolicy> policies) {
            this.classifier = classifier;
            this.policies = policies;
            return this;
        }

        /** Compresses responses with {@code compression}; {@code null} leaves them as they are. */
        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        /** Whether GET and HEAD responses get an ETag and conditional 304s. */
        public Builder etags(boolean etags) {
            this.etags = etags;
            return this;
        }

        /**
         * Keeps the responses of {@code routes} in {@code cache} for at most {@code ttl}, per user as
         * {@code identity} tells them apart, keyed by the parameters each route declares
         * ({@code "GET /api/content/*?date"}).
         */
        public Builder responseCache(CacheManager cache, RequestPatterns routes, Duration ttl, RequestIdentity identity) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("response cache ttl must be > 0, was " + ttl);
            }
            this.cache = cache;
            this.cachedRoutes = routes;
            this.cacheTtl = ttl;
            this.identity = identity;
            return this;
        }

        /**
         * The host the response cache's keys carry, for several sites sharing one cache; empty (the
         * default) for none. Keys never take the request's {@code Host} header.
         */
        public Builder cacheKeyHost(String host) {
            if (host == null || !host.equals(host.strip()) || host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("cache key host must not be null or contain whitespace, was '"
                        + host + "'");
            }
            this.keyHost = host;
            return this;
        }

        /** The largest identity body, in bytes, the response cache keeps. */
        public Builder maxEntrySize(long bytes) {
            if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxEntrySize must be 1.." + Integer.MAX_VALUE + " bytes, was " + bytes);
            }
            this.maxEntrySize = (int) bytes;
            return this;
        }

        /** The largest body, in bytes, held back for hashing and compression; larger ones stream through as they are. */
        public Builder maxBuffer(long bytes) {
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxBuffer must be 1.." + (Integer.MAX_VALUE - 8) + " bytes, was " + bytes);
            }
            this.maxBuffer = (int) bytes;
            return this;
        }

        public ResponseFilter build() {
            return new ResponseFilter(this);
        }
    }
}
