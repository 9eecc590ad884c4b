package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.http.HttpProperties;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;

/**
 * Every response of a private endpoint type is {@code private} and varies by {@code Authorization}:
 * errors, other methods and streamed bodies too, so no shared cache keeps one user's answer.
 */
class CacheControlHeadersTest {

    private final ResponseFilter filter = ResponseFilter.builder()
            .cacheHeaders(EndpointClassifier.of(Map.of("content", List.of("/content/**"), "public",
                    List.of("/templates/**")), "api"), new HttpProperties().policies())
            .etags(true).maxBuffer(1024)
            .build();

    @Test
    void theApiTypeIsPrivateNoCacheByDefault() {
        EndpointPolicy api = new HttpProperties().policies().get("api");
        assertThat(api.cacheControl()).isEqualTo("private, no-cache");
        assertThat(api.isPrivate()).isTrue();
    }

    @Test
    void everyResponseOfTheApiTypeIsPrivateNoCacheAndVariesByAuthorization() throws Exception {
        for (int status : List.of(200, 201, 204, 400, 403, 404, 409, 500)) {
            for (String method : List.of("GET", "HEAD", "POST", "PATCH", "DELETE")) {
                MockHttpServletResponse response = run(method, "/api/businesses/1", (req, res) -> {
                    res.setStatus(status);
                    res.getWriter().write("{}");
                });
                assertThat(response.getHeader("Cache-Control")).as(method + " " + status).isEqualTo("private, no-cache");
                assertThat(response.getHeaders("Vary").toString()).as(method + " " + status).contains("Authorization");
            }
        }
    }

    @Test
    void aPrivateTypesSuccessKeepsItsOwnCacheControlAndItsErrorsAreNoCache() throws Exception {
        MockHttpServletResponse ok = run("GET", "/content/1", (req, res) -> res.getWriter().write("{}"));
        MockHttpServletResponse missing = run("GET", "/content/1", (req, res) -> res.setStatus(404));

        assertThat(ok.getHeader("Cache-Control")).isEqualTo("private, max-age=60");
        assertThat(missing.getHeader("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(missing.getHeaders("Vary").toString()).contains("Authorization");
    }

    @Test
    void streamedBodiesAndSentErrorsAreCoveredToo() throws Exception {
        MockHttpServletResponse large = run("GET", "/api/export", (req, res) -> res.getOutputStream()
                .write(new byte[4096]));
        MockHttpServletResponse sent = run("GET", "/api/businesses/2", (req, res) -> res.sendError(403));

        for (MockHttpServletResponse response : List.of(large, sent)) {
            assertThat(response.getHeader("Cache-Control")).isEqualTo("private, no-cache");
            assertThat(response.getHeaders("Vary").toString()).contains("Authorization");
        }
    }

    @Test
    void aCacheControlTheHandlerChoseIsKept() throws Exception {
        MockHttpServletResponse stale = run("GET", "/content/1", (req, res) -> {
            res.setHeader("Cache-Control", "private, no-cache");
            res.getWriter().write("{}");
        });
        MockHttpServletResponse mine = run("GET", "/api/x", (req, res) -> res.setHeader("Cache-Control", "no-store"));

        assertThat(stale.getHeader("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(mine.getHeader("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void publicTypesErrorsGetNoCacheControl() throws Exception {
        MockHttpServletResponse missing = run("GET", "/templates/nope", (req, res) -> res.setStatus(404));
        MockHttpServletResponse ok = run("GET", "/templates/daily", (req, res) -> res.getWriter().write("{}"));

        assertThat(missing.getHeader("Cache-Control")).isNull();
        assertThat(ok.getHeader("Cache-Control")).startsWith("public");
        assertThat(ok.getHeaders("Vary").toString()).doesNotContain("Authorization");
    }

    private MockHttpServletResponse run(String method, String path, FilterRuns.Handler handler) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Authorization", "Bearer someone");
        return FilterRuns.run(filter, request, (req, res) -> {
            res.setContentType("application/json");
            handler.handle(req, res);
        });
    }
}
