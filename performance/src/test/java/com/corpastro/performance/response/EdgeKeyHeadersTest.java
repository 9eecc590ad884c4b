package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.cdn.EdgeKeys;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.HttpProperties;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;

/**
 * Public responses carry their entity tags as edge keys, from the response cache too; private ones
 * carry none, even when the handler set some.
 */
class EdgeKeyHeadersTest {

    private final TieredCacheManager cache = TieredCacheManager.builder().build();
    private final ResponseFilter filter = ResponseFilter.builder()
            .cacheHeaders(EndpointClassifier.of(Map.of("content", List.of("/content/**"), "public",
                    List.of("/templates/**")), "api"), new HttpProperties().policies())
            .etags(true).maxBuffer(4096)
            .responseCache(cache, RequestPatterns.of(List.of("GET /templates/*", "GET /content/*")),
                    Duration.ofMinutes(1), RequestIdentity.bearerTokenHash())
            .edgeKeys(EdgeKeys.of(List.of(EdgeKeys.Header.SURROGATE_KEY, EdgeKeys.Header.CACHE_TAG,
                    EdgeKeys.Header.XKEY)))
            .build();
    private int handled;

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void aPublicResponseCarriesItsTagsInEachConfiguredHeader() throws Exception {
        MockHttpServletResponse response = run("/templates/daily", null, (req, res) -> {
            ResponseCacheTags.add(req, EntityTag.of("template", "daily"));
            res.setHeader(ResponseCacheTags.HEADER, "sign:aries");
            res.getWriter().write("{}");
        });

        assertThat(response.getHeader("Cache-Control")).startsWith("public");
        assertThat(response.getHeader("Surrogate-Key")).isEqualTo("template-daily sign-aries");
        assertThat(response.getHeader("Cache-Tag")).isEqualTo("template-daily,sign-aries");
        assertThat(response.getHeader("xkey")).isEqualTo("template-daily sign-aries");
        assertThat(response.getHeader("Edge-Cache-Tag")).as("not configured").isNull();
    }

    @Test
    void aResponseServedFromTheResponseCacheKeepsItsEdgeKeys() throws Exception {
        FilterRuns.Handler handler = (req, res) -> {
            handled++;
            ResponseCacheTags.add(req, EntityTag.of("template", "weekly"));
            res.getWriter().write("{\"body\":\"x\"}");
        };
        run("/templates/weekly", null, handler);
        MockHttpServletResponse hit = run("/templates/weekly", null, handler);

        assertThat(handled).isEqualTo(1);
        assertThat(hit.getHeader("Surrogate-Key")).isEqualTo("template-weekly");
    }

    @Test
    void aPrivateResponseCarriesNoEdgeKeysWhateverItsHandlerSet() throws Exception {
        MockHttpServletResponse response = run("/content/1", "token-of-one-user", (req, res) -> {
            ResponseCacheTags.add(req, EntityTag.of("business", 1));
            res.setHeader("Surrogate-Key", "business-1");
            res.setHeader("Edge-Cache-Tag", "business-1");
            res.getWriter().write("{}");
        });

        assertThat(response.getHeader("Cache-Control")).contains("private");
        for (String header : List.of("Surrogate-Key", "Cache-Tag", "Edge-Cache-Tag", "xkey")) {
            assertThat(response.getHeader(header)).as(header).isNull();
        }
    }

    @Test
    void aPublicTypesAnswerMadePrivateByItsHandlerCarriesNone() throws Exception {
        MockHttpServletResponse response = run("/templates/secret", null, (req, res) -> {
            ResponseCacheTags.add(req, EntityTag.of("template", "secret"));
            res.setHeader("Cache-Control", "private, no-cache");
            res.getWriter().write("{}");
        });

        assertThat(response.getHeader("Surrogate-Key")).isNull();
        assertThat(response.getHeader("xkey")).isNull();
    }

    private MockHttpServletResponse run(String path, String token, FilterRuns.Handler handler) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        return FilterRuns.run(filter, request, handler);
    }
}
