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

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A response built from data that an invalidation of its entity replaced while the handler ran
 * is answered, but not stored: stored after the invalidation, it would carry the entity's new
 * generation and be served as current for up to its TTL.
 */
class ResponseCacheInvalidationRaceTest {

    private final TieredCacheManager cache = TieredCacheManager.builder().build();
    private final ResponseFilter filter = ResponseFilter.builder()
            .cacheHeaders(EndpointClassifier.of(Map.of("content", List.of("/content/**")), "content"),
                    Map.of("content", new EndpointPolicy("content", 300, Duration.ofMinutes(1),
                            EndpointPolicy.RateLimitKey.USER, "private, max-age=60")))
            .responseCache(cache, RequestPatterns.of(List.of("GET /content/*")), Duration.ofMinutes(5),
                    RequestIdentity.bearerTokenHash())
            .build();

    @Test
    void aResponseWhoseEntityChangedWhileItWasBuiltIsNotStored() throws Exception {
        MockHttpServletResponse first = run("revision 1", true);

        assertThat(first.getContentAsString()).isEqualTo("revision 1");
        MockHttpServletResponse next = run("revision 2", false);
        assertThat(next.getContentAsString()).as("the handler answered again: nothing was stored")
                .isEqualTo("revision 2");
        assertThat(run("revision 3", false).getContentAsString()).as("the current answer is stored")
                .isEqualTo("revision 2");
    }

    @Test
    void aResponseBuiltWithoutAnInvalidationMeanwhileIsStored() throws Exception {
        run("revision 1", false);

        assertThat(run("revision 2", false).getContentAsString()).isEqualTo("revision 1");
    }

    /** One GET of /content/1; the handler answers {@code body}, tagged business:1, invalidating it first if asked. */
    private MockHttpServletResponse run(String body, boolean invalidateWhileBuilding) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/content/1");
        request.addHeader("Authorization", "Bearer alice");
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                // The body was read from the old state; the change commits and invalidates meanwhile.
                if (invalidateWhileBuilding) {
                    cache.invalidateEntity("business", 1);
                }
                ResponseCacheTags.add(req, EntityTag.of("business", 1));
                resp.setContentType("text/plain");
                resp.getWriter().write(body);
            }
        }, filter).doFilter(request, response);
        return response;
    }
}
