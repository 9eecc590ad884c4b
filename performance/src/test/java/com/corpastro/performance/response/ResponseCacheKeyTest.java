package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.CacheStats;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Response-cache keys come from what the route declares: the decoded path and the known
 * parameters, never the raw query string or the Host header.
 */
class ResponseCacheKeyTest {

    private final Entries cache = new Entries();
    private final AtomicInteger handled = new AtomicInteger();
    private final ResponseFilter filter = ResponseFilter.builder()
            .cacheHeaders(EndpointClassifier.of(Map.of("public", List.of("/api/**")), "public"),
                    Map.of("public", new EndpointPolicy("public", 300, Duration.ofMinutes(1),
                            EndpointPolicy.RateLimitKey.IP, "public, max-age=300")))
            .responseCache(cache, RequestPatterns.of(List.of("GET /api/templates/*", "GET /api/content/*?date&lang",
                    "GET /api/files/**")), Duration.ofMinutes(5), RequestIdentity.bearerTokenHash())
            .build();

    @Test
    void aHundredCacheBustersLeaveOneEntry() throws Exception {
        for (int i = 0; i < 100; i++) {
            MockHttpServletResponse response = get("/api/templates/x", "cb=" + i, "example.com");
            assertThat(response.getContentAsString()).isEqualTo("/api/templates/x ?null");
        }
        assertThat(cache.entries).hasSize(1);
        assertThat(handled).hasValue(1);
    }

    @Test
    void everyHostHeaderSharesOneEntry() throws Exception {
        for (String host : List.of("example.com", "evil.example", "localhost", "EXAMPLE.COM")) {
            get("/api/templates/y", null, host);
        }
        assertThat(cache.entries).hasSize(1);
        assertThat(cache.entries.keySet().iterator().next()).doesNotContain("example").doesNotContain("localhost");
    }

    @Test
    void encodedAndPlainSpellingsOfAPathShareOneEntry() throws Exception {
        for (String path : List.of("/api/templates/xyz", "/api/templates/%78yz", "/api/templates/x%79%7A",
                "/api/templates/x%79%7a", "/api/templates/xyz;v=1")) {
            get(path, null, "example.com");
        }
        assertThat(cache.entries).hasSize(1);
        assertThat(handled).hasValue(1);
    }

    @Test
    void declaredParametersAreKeyedInTheirOrderAndOthersIgnored() throws Exception {
        get("/api/content/1", "date=2026-01-01", "a");
        get("/api/content/1", "cb=7&date=2026-01-01", "a");
        get("/api/content/1", "lang=en&date=2026-01-01", "a");
        get("/api/content/1", "date=2026-01-01&lang=en&x=1", "a");
        get("/api/content/1", "date=2026-01-02", "a");
        get("/api/content/1", "date=2026-01-01&date=2026-01-02", "a");

        assertThat(cache.entries.keySet()).containsExactlyInAnyOrder(
                "http-response: /api/content/1?date=2026-01-01",
                "http-response: /api/content/1?date=2026-01-01&lang=en",
                "http-response: /api/content/1?date=2026-01-02",
                "http-response: /api/content/1?date=2026-01-01&date=2026-01-02");
        assertThat(handled).hasValue(4);
    }

    @Test
    void theHandlerSeesOnlyTheDeclaredParameters() throws Exception {
        MockHttpServletResponse response = get("/api/content/2", "cb=1&date=2026-01-01", "a");

        assertThat(response.getContentAsString()).isEqualTo("/api/content/2 date=2026-01-01?2026-01-01 cb=null");
    }

    @Test
    void decodedSeparatorsNeverShareAKeyWithRealOnes() throws Exception {
        get("/api/files/a/b", null, "a");
        get("/api/files/a%2Fb", null, "a");
        get("/api/content/a%3Fdate=x", null, "a");
        get("/api/content/a", "date=x", "a");
        get("/api/content/a%26b", "date=x", "a");
        get("/api/content/a", "date=x%26b", "a");

        assertThat(cache.entries).hasSize(6);
    }

    @Test
    void aConfiguredHostIsPartOfTheKey() throws Exception {
        ResponseFilter withHost = ResponseFilter.builder()
                .responseCache(cache, RequestPatterns.of(List.of("GET /api/templates/*")), Duration.ofMinutes(5),
                        RequestIdentity.bearerTokenHash())
                .cacheKeyHost("shop-7").build();
        run(withHost, request("/api/templates/z", null, "ignored.example"));

        assertThat(cache.entries.keySet()).singleElement().asString()
                .startsWith("http-response:shop-7 /api/templates/z ");
    }

    private MockHttpServletResponse get(String path, String query, String host) throws Exception {
        return run(filter, request(path, query, host));
    }

    private static MockHttpServletRequest request(String path, String query, String host) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServerName(host);
        request.addHeader("Host", host);
        if (query != null) {
            request.setQueryString(query);
            for (String pair : query.split("&")) {
                String[] parts = pair.split("=", 2);
                request.addParameter(parts[0], parts[1].replace("%26", "&"));
            }
        }
        return request;
    }

    private MockHttpServletResponse run(ResponseFilter target, MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                handled.incrementAndGet();
                res.setContentType("text/plain");
                res.getWriter().write(req.getRequestURI() + " " + (req.getQueryString() == null ? ""
                        : req.getQueryString()) + "?" + req.getParameter("date")
                        + (req.getQueryString() == null ? "" : " cb=" + req.getParameter("cb")));
            }
        }, target).doFilter(request, response);
        return response;
    }

    /** A cache that keeps what it is given, by key. */
    private static final class Entries implements CacheManager {

        final Map<String, Object> entries = new ConcurrentHashMap<>();

        @Override
        public <T> Optional<T> get(String key, Class<T> type) {
            return Optional.ofNullable(entries.get(key)).map(type::cast);
        }

        @Override
        public void set(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
            entries.put(key, value);
        }

        @Override
        public <T> T getOrSet(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
                Supplier<? extends T> loader) {
            return type.cast(entries.computeIfAbsent(key, k -> loader.get()));
        }

        @Override
        public void delete(String key) {
            entries.remove(key);
        }

        @Override
        public void invalidateEntity(String entityType, Object entityId) {
            entries.clear();
        }

        @Override
        public CacheStats stats() {
            return new CacheStats(0, 0, 0, 0, 0, 0, 0, entries.size());
        }
    }
}
