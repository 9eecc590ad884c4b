package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A hit asks the cache for the kind of entry its endpoint type stores first: a miss in the local
 * tier is a round trip to Redis when there is one, so a hit should cost no miss at all.
 */
class ResponseCacheLookupTest {

    private final TieredCacheManager cache = TieredCacheManager.builder().build();
    private final ResponseFilter filter = ResponseFilter.builder()
            .cacheHeaders(EndpointClassifier.of(Map.of("content", List.of("/content/**"), "public",
                    List.of("/templates/**")), "api"),
                    Map.of("content", new EndpointPolicy("content", 300, Duration.ofMinutes(1),
                            EndpointPolicy.RateLimitKey.USER, "private, max-age=60"),
                            "public", new EndpointPolicy("public", 300, Duration.ofMinutes(1),
                                    EndpointPolicy.RateLimitKey.IP, "public, max-age=300")))
            .etags(true)
            .responseCache(cache, RequestPatterns.of(List.of("GET /**")), Duration.ofMinutes(5),
                    RequestIdentity.bearerTokenHash())
            .build();

    @Test
    void aHitOfAPrivateEndpointTypeLooksUpOnlyTheUsersOwnEntry() throws Exception {
        run("/content/1", "alice", "{\"for\":\"alice\"}");
        long missesBefore = cache.stats().misses();

        MockHttpServletResponse hit = run("/content/1", "alice", null);

        assertThat(hit.getContentAsString()).isEqualTo("{\"for\":\"alice\"}");
        assertThat(cache.stats().misses()).isEqualTo(missesBefore);
    }

    @Test
    void aHitOfAPublicEndpointTypeLooksUpOnlyTheSharedEntry() throws Exception {
        run("/templates/1", "alice", "{\"template\":1}");
        long missesBefore = cache.stats().misses();

        MockHttpServletResponse hit = run("/templates/1", "bob", null);

        assertThat(hit.getContentAsString()).isEqualTo("{\"template\":1}");
        assertThat(cache.stats().misses()).isEqualTo(missesBefore);
    }

    @Test
    void aPrivateEndpointTypeStillServesAResponseThatDeclaredItselfPublic() throws Exception {
        run("/content/2", "alice", "{\"same\":\"for all\"}", "public, max-age=60");

        MockHttpServletResponse hit = run("/content/2", "bob", null);

        assertThat(hit.getContentAsString()).isEqualTo("{\"same\":\"for all\"}");
    }

    @Test
    void oneUsersPrivateEntryIsNeverAnotherUsersHit() throws Exception {
        run("/content/3", "alice", "{\"for\":\"alice\"}");

        MockHttpServletResponse other = run("/content/3", "bob", "{\"for\":\"bob\"}");

        assertThat(other.getContentAsString()).isEqualTo("{\"for\":\"bob\"}");
    }

    private MockHttpServletResponse run(String path, String token, String body) throws Exception {
        return run(path, token, body, null);
    }

    /** {@code body} null: the request must be a hit, the handler fails. */
    private MockHttpServletResponse run(String path, String token, String body, String cacheControl)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.addHeader("Authorization", "Bearer " + token);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                if (body == null) {
                    throw new AssertionError("a hit must not reach the handler");
                }
                if (cacheControl != null) {
                    res.setHeader("Cache-Control", cacheControl);
                }
                res.setContentType("application/json");
                res.getWriter().write(body);
            }
        }, filter).doFilter(request, response);
        return response;
    }
}
