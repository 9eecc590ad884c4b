package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.compression.Compression;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;

/** Bodies the response filter must leave alone: event streams, bodies over the buffer limit, errors. */
class ResponseCacheFilterStreamingTest {

    private final TieredCacheManager cache = TieredCacheManager.builder().build();
    private final ResponseFilter filter = ResponseFilter.builder()
            .compression(Compression.builder().minSize(10).build())
            .etags(true)
            .responseCache(cache, RequestPatterns.of(List.of("GET /**")), Duration.ofMinutes(1),
                    RequestIdentity.bearerTokenHash())
            .maxBuffer(4096)
            .build();

    @Test
    void eventStreamsPassThroughUncompressedAndUncached() throws Exception {
        MockHttpServletResponse response = run("/events", (req, res) -> {
            res.setContentType("text/event-stream");
            res.getWriter().write("data: one\n\n");
            res.flushBuffer();
            res.getWriter().write("data: two\n\n");
        });

        assertThat(response.getHeader("Content-Encoding")).isNull();
        assertThat(response.getHeader("ETag")).isNull();
        assertThat(response.getContentAsString()).isEqualTo("data: one\n\ndata: two\n\n");
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void bodiesOverTheBufferLimitStreamThroughWithTheirOwnLength() throws Exception {
        String big = "x".repeat(10_000);
        MockHttpServletResponse response = run("/big", (req, res) -> {
            res.setContentType("text/plain");
            res.setContentLength(big.length());
            res.getOutputStream().write(big.getBytes(StandardCharsets.UTF_8));
        });

        assertThat(response.getHeader("Content-Encoding")).isNull();
        assertThat(response.getContentLength()).isEqualTo(10_000);
        assertThat(response.getContentAsString()).isEqualTo(big);
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void errorsAreNeverStored() throws Exception {
        run("/missing", (req, res) -> {
            res.setStatus(404);
            res.setContentType("application/json");
            res.getWriter().write("{\"code\":\"not_found\",\"detail\":\"nothing here at all\"}");
        });

        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void compressedBodyAndHitCarryTheSameWeakEtag() throws Exception {
        FilterRuns.Handler handler = (req, res) -> {
            res.setContentType("application/json");
            res.getWriter().write("{\"body\":\"" + "abc".repeat(100) + "\"}");
        };
        MockHttpServletResponse miss = run("/doc", handler);
        MockHttpServletResponse hit = run("/doc", (req, res) -> {
            throw new AssertionError("a hit must not reach the handler");
        });

        assertThat(miss.getHeader("Content-Encoding")).isEqualTo("br");
        assertThat(hit.getHeader("Content-Encoding")).isEqualTo("br");
        assertThat(hit.getHeader("ETag")).isEqualTo(miss.getHeader("ETag")).startsWith("W/\"");
        assertThat(hit.getContentAsByteArray()).isEqualTo(miss.getContentAsByteArray());
    }

    private MockHttpServletResponse run(String path, FilterRuns.Handler handler) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.addHeader("Accept-Encoding", "br");
        return FilterRuns.run(filter, request, handler);
    }

}
