package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.compression.Compression;
import com.corpastro.performance.compression.ContentCoding;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The response cache compresses a stored answer only in the coding its request asked for; another
 * coding is made on its first request, served with the same ETag and Vary, and added to the entry,
 * so the request after it is a plain hit in that coding too.
 */
class ResponseCacheCodingsTest {

    private static final String BODY = "{\"text\":\"" + "The Moon trines your natal Venus. ".repeat(80) + "\"}";

    private final TieredCacheManager cache = TieredCacheManager.builder().build();
    private final AtomicInteger handlerCalls = new AtomicInteger();
    private final ResponseFilter filter = ResponseFilter.builder()
            .cacheHeaders(EndpointClassifier.of(Map.of("content", List.of("/content/**")), "api"),
                    Map.of("content", new EndpointPolicy("content", 300, Duration.ofMinutes(1),
                            EndpointPolicy.RateLimitKey.USER, "private, max-age=60")))
            .etags(true)
            .compression(Compression.builder().codings(List.of(ContentCoding.BROTLI, ContentCoding.GZIP)).build())
            .responseCache(cache, RequestPatterns.of(List.of("GET /content/*")), Duration.ofMinutes(5),
                    RequestIdentity.bearerTokenHash())
            .build();

    @AfterEach
    void closeCache() {
        cache.close();
    }

    @Test
    void aStoredAnswerHoldsOnlyIdentityAndTheCodingItsRequestAskedFor() throws Exception {
        MockHttpServletResponse first = get("/content/1", "br, gzip");

        assertThat(first.getHeader("Content-Encoding")).isEqualTo("br");
        assertThat(storedCodings("/content/1")).containsExactly("identity", "br");
    }

    @Test
    void anotherCodingIsMadeOnItsFirstRequestWithTheSameETagAndVaryAndThenStored() throws Exception {
        MockHttpServletResponse first = get("/content/2", "br");

        MockHttpServletResponse gzip = get("/content/2", "gzip");

        assertThat(handlerCalls).hasValue(1);
        assertThat(gzip.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(gzip.getContentAsByteArray())).isEqualTo(BODY);
        assertThat(gzip.getHeader("ETag")).isEqualTo(first.getHeader("ETag"));
        assertThat(gzip.getHeader("Vary")).isEqualTo(first.getHeader("Vary")).contains("Accept-Encoding");
        assertThat(gzip.getContentLength()).isEqualTo(gzip.getContentAsByteArray().length);
        assertThat(storedCodings("/content/2")).containsExactly("identity", "br", "gzip");

        MockHttpServletResponse again = get("/content/2", "gzip");
        assertThat(again.getContentAsByteArray()).isEqualTo(gzip.getContentAsByteArray());
        assertThat(handlerCalls).hasValue(1);
    }

    @Test
    void identityIsServedFromTheStoredIdentityBody() throws Exception {
        get("/content/3", "br");

        MockHttpServletResponse identity = get("/content/3", null);

        assertThat(identity.getHeader("Content-Encoding")).isNull();
        assertThat(identity.getContentAsString()).isEqualTo(BODY);
        assertThat(storedCodings("/content/3")).containsExactly("identity", "br");
    }

    @Test
    void aCodingMadeWhileItsEntityChangesIsServedButNotStoredAgain() throws Exception {
        get("/content/4", "br");
        // The entry is found current, then its entity changes before the gzip body is added: stored
        // now, it would carry the entity's new generation and pass for current.
        ResponseFilter racing = ResponseFilter.builder()
                .cacheHeaders(EndpointClassifier.of(Map.of("content", List.of("/content/**")), "api"),
                        Map.of("content", new EndpointPolicy("content", 300, Duration.ofMinutes(1),
                                EndpointPolicy.RateLimitKey.USER, "private, max-age=60")))
                .etags(true)
                .compression(Compression.builder().codings(List.of(ContentCoding.BROTLI, ContentCoding.GZIP)).build())
                .responseCache(new ChangingDuringLookup(cache, "business", 4), RequestPatterns.of(List.of("GET /content/*")),
                        Duration.ofMinutes(5), RequestIdentity.bearerTokenHash())
                .build();
        MockHttpServletResponse gzip = new MockHttpServletResponse();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                throw new AssertionError("the entry was current when looked up: a hit");
            }
        }, racing).doFilter(request("/content/4", "gzip"), gzip);

        assertThat(gzip.getHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(gzip.getContentAsByteArray())).isEqualTo(BODY);
        assertThat(cache.get(key("/content/4"), CachedResponse.class)).isEmpty();
    }

    /** A cache whose entity changes right after each lookup. */
    private record ChangingDuringLookup(TieredCacheManager cache, String entityType, Object entityId)
            implements CacheManager {

        @Override
        public <T> java.util.Optional<T> get(String key, Class<T> type) {
            java.util.Optional<T> found = cache.get(key, type);
            cache.invalidateEntity(entityType, entityId);
            return found;
        }

        @Override
        public void set(String key, Object value, Duration ttl, java.util.Collection<EntityTag> tags) {
            cache.set(key, value, ttl, tags);
        }

        @Override
        public long invalidationMark() {
            return cache.invalidationMark();
        }

        @Override
        public boolean fill(String key, Object value, Duration ttl, java.util.Collection<EntityTag> tags, long mark) {
            return cache.fill(key, value, ttl, tags, mark);
        }

        @Override
        public <T> T getOrSet(String key, Class<T> type, Duration ttl, java.util.Collection<EntityTag> tags,
                java.util.function.Supplier<? extends T> loader) {
            return cache.getOrSet(key, type, ttl, tags, loader);
        }

        @Override
        public void delete(String key) {
            cache.delete(key);
        }

        @Override
        public void invalidateEntity(String type, Object id) {
            cache.invalidateEntity(type, id);
        }

        @Override
        public com.corpastro.performance.cache.CacheStats stats() {
            return cache.stats();
        }
    }

    private List<String> storedCodings(String path) {
        CachedResponse entry = cache.get(key(path), CachedResponse.class).orElseThrow();
        return entry.bodies().stream().map(CachedResponse.Body::coding).toList();
    }

    private static String key(String path) {
        return "http-response: " + path + " user=" + RequestIdentity.bearerTokenHash()
                .userKey(request(path, null)).orElseThrow();
    }

    private static MockHttpServletRequest request(String path, String acceptEncoding) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.addHeader("Authorization", "Bearer alice-token");
        if (acceptEncoding != null) {
            request.addHeader("Accept-Encoding", acceptEncoding);
        }
        return request;
    }

    private MockHttpServletResponse get(String path, String acceptEncoding) throws Exception {
        MockHttpServletResponse response = FilterRuns.run(filter, request(path, acceptEncoding), (req, res) -> {
            handlerCalls.incrementAndGet();
            ResponseCacheTags.add(req, EntityTag.of("business", path.substring(path.lastIndexOf('/') + 1)));
            res.setContentType("application/json");
            res.getOutputStream().write(BODY.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(response.getStatus()).isEqualTo(200);
        return response;
    }

    private static String gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
