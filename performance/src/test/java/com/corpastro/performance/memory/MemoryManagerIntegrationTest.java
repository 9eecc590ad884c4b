package com.corpastro.performance.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.memory.testapp.ContentTestApplication;
import com.corpastro.performance.monitor.MetricPoint;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;

/** Simulated low memory in a running application: caches shrink, generation gets 503, cached reads work. */
@SpringBootTest(classes = ContentTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "corp-astro.memory.retry-after=15s")
class MemoryManagerIntegrationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    MemoryManager memoryManager;

    @Autowired
    CacheManager cache;

    @Autowired
    PerformanceMonitor monitor;

    @AfterEach
    void recover() {
        memoryManager.observe(0.1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void underCriticalMemoryGenerationIsRefusedButCachedContentIsServed() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        assertThat(get("/content/aries").statusCode()).isEqualTo(200);

        memoryManager.observe(0.80);
        assertThat(cache.stats().size()).as("warning level clears the in-process cache").isZero();
        assertThat(get("/content/aries").statusCode()).as("generation still allowed at warning").isEqualTo(200);

        memoryManager.observe(0.95);
        HttpResponse<String> refused = get("/content/leo");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("15");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"code\":\"overloaded\"", "\"requestId\"");
        assertThat(get("/content/aries").body()).as("cached read").isEqualTo("horoscope for aries");

        memoryManager.observe(0.60);
        assertThat(get("/content/leo").statusCode()).isEqualTo(200);

        assertThat(monitor.getMetrics(MetricType.MEMORY_USAGE, start, Instant.now().plusSeconds(1),
                Map.of("name", "memory_state"))).extracting(MetricPoint::value).containsSubsequence(1.0, 2.0, 0.0);
        assertThat(monitor.getMetrics(MetricType.ERROR, start, Instant.now().plusSeconds(1),
                Map.of("code", "overloaded"))).hasSize(1);
    }
}
