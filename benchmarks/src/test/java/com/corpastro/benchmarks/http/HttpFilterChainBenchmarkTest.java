package com.corpastro.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

/** The benchmark runs the shipped chain: timed, secured, rate limited, compressed, and cached where it should be. */
class HttpFilterChainBenchmarkTest {

    private final HttpFilterChainBenchmark benchmark = new HttpFilterChainBenchmark();
    private final HttpFilterChainBenchmark.CpuTime cpu = new HttpFilterChainBenchmark.CpuTime();

    @BeforeEach
    void setUp() {
        benchmark.setUp();
    }

    @AfterEach
    void tearDown() {
        benchmark.report();
    }

    @Test
    void theCachedChainServesTheSecondReadFromTheResponseCacheInBrotli() throws Exception {
        MockHttpServletResponse first = benchmark.cachedContent(cpu);
        MockHttpServletResponse second = benchmark.cachedContent(cpu);
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getHeader("Server-Timing")).contains("response-cache;desc=\"miss-stored\"");
        assertThat(second.getHeader("Server-Timing")).contains("response-cache;desc=\"hit\"");
        assertThat(second.getHeader("Content-Encoding")).isEqualTo("br");
        assertThat(second.getHeader("Cache-Control")).isEqualTo("private, max-age=600");
        assertThat(second.getHeader("X-Response-Time")).endsWith("ms");
        assertThat(second.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(second.getHeader("RateLimit-Policy")).isNotNull();
    }

    @Test
    void pingPassesEveryFilterTheServiceInstalls() throws Exception {
        MockHttpServletResponse ping = benchmark.ping(cpu);
        assertThat(ping.getStatus()).isEqualTo(200);
        assertThat(new String(ping.getContentAsByteArray(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("pong\n");
        assertThat(ping.getHeader("X-Request-Id")).isNotBlank();
        assertThat(ping.getHeader("X-Response-Time")).endsWith("ms");
        assertThat(ping.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(ping.getHeader("RateLimit-Policy")).startsWith("\"api\"");
        assertThat(ping.getHeader("ETag")).startsWith("W/");
        assertThat(benchmark.barePing(cpu).getHeader("X-Request-Id")).isNull();
    }

    @Test
    void aMissForANewDayIsStoredAndServedFromTheCacheNextTime() throws Exception {
        MockHttpServletResponse miss = benchmark.contentMissStored(cpu);
        assertThat(miss.getHeader("Server-Timing")).contains("response-cache;desc=\"miss-stored\"");
        assertThat(miss.getHeader("Content-Encoding")).isEqualTo("br");
        assertThat(benchmark.contentMissStored(cpu).getHeader("Server-Timing"))
                .contains("response-cache;desc=\"miss-stored\"");
    }

    @Test
    void theUncachedChainCompressesEveryReadAndStoresNothing() throws Exception {
        benchmark.uncachedContentCompressed(cpu);
        MockHttpServletResponse second = benchmark.uncachedContentCompressed(cpu);
        assertThat(second.getHeader("Server-Timing")).doesNotContain("response-cache");
        assertThat(second.getHeader("Content-Encoding")).isEqualTo("br");
        assertThat(benchmark.trivialFixedBytes(cpu).getStatus()).isEqualTo(200);
    }
}
