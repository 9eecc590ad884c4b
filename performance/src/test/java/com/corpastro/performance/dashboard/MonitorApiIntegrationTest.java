package com.corpastro.performance.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.performance.monitor.JdbcRollupStore;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.RollupStore;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin monitoring API over real HTTP, with H2 as the application's database. */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"corp-astro.admin.token=dashboard-admin-token-0123456789abcdef", "spring.datasource.url=jdbc:h2:mem:monitor-api;MODE=PostgreSQL",
                "corp-astro.monitor.sample-interval=1s"})
class MonitorApiIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    RollupStore rollupStore;

    @Autowired
    PerformanceMonitor monitor;

    /** 32 requests, two of them errors, awaited until the monitor has them all (each is recorded after its answer). */
    @BeforeEach
    void traffic() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        for (int i = 0; i < 30; i++) {
            get("/demo/hello/" + i, null);
        }
        get("/demo/hello/not-a-number", null);
        get("/no-such-page", null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> monitor.getMetrics(MetricType.RESPONSE_TIME,
                start, Instant.now().plusSeconds(1), Map.of()).size() >= 32);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode admin(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = get(path, "dashboard-admin-token-0123456789abcdef");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void everyAdminEndpointRefusesMissingOrWrongTokens() throws Exception {
        for (String path : new String[] {"/api/admin/metrics?type=response_time", "/api/admin/metrics/aggregate?type=cpu_usage",
                "/api/admin/performance/summary", "/actuator/prometheus"}) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(JSON.readTree(anonymous.body()).get("code").asString()).isEqualTo("unauthorized");
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            HttpResponse<String> wrong = get(path, "wrong");
            assertThat(wrong.statusCode()).as(path).isEqualTo(403);
            assertThat(wrong.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            assertThat(JSON.readTree(wrong.body()).get("code").asString()).isEqualTo("admin_required");
        }
    }

    @Test
    void rawPointsAreFilteredByPathAndMethodWithIsoOrEpochTimes() throws Exception {
        String start = Instant.now().minusSeconds(120).toString();
        JsonNode body = admin("/api/admin/metrics?type=response_time&path=" + q("/demo/hello/{n}")
                + "&method=GET&start=" + q(start) + "&end=" + (System.currentTimeMillis() + 1000), 200);
        assertThat(body.get("count").asInt()).isGreaterThanOrEqualTo(30);
        JsonNode point = body.get("points").get(0);
        assertThat(point.get("tags").get("path").asString()).isEqualTo("/demo/hello/{n}");
        assertThat(point.get("timestamp").asLong()).isGreaterThan(Instant.parse(start).toEpochMilli());
    }

    @Test
    void aggregatesAnswerOneBucketPerInterval() throws Exception {
        long end = System.currentTimeMillis() + 1;
        JsonNode body = admin("/api/admin/metrics/aggregate?type=response_time&agg=p95&interval=PT10S&start="
                + (end - 60_000) + "&end=" + end, 200);
        assertThat(body.get("source").asString()).isEqualTo("RAW");
        assertThat(body.get("buckets")).hasSize(6);
        JsonNode last = body.get("buckets").get(5);
        assertThat(last.get("empty").asBoolean()).isFalse();
        assertThat(last.get("value").asDouble()).isPositive();
        JsonNode errors = admin("/api/admin/metrics/aggregate?type=error&agg=count&interval=60000&start="
                + (end - 60_000) + "&end=" + end, 200);
        assertThat(errors.get("buckets").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void badParametersAreClear400s() throws Exception {
        assertThat(admin("/api/admin/metrics?type=latency", 400).get("detail").asString())
                .contains("type", "'latency'", "response_time");
        assertThat(admin("/api/admin/metrics?type=error&start=yesterday", 400).get("detail").asString())
                .contains("'start'", "ISO-8601", "'yesterday'");
        assertThat(admin("/api/admin/metrics/aggregate?type=error&agg=median", 400).get("code").asString())
                .isEqualTo("invalid_parameter");
        assertThat(admin("/api/admin/metrics/aggregate?type=error&start=2000&end=1000", 400).get("detail").asString())
                .contains("start must be before end");
        assertThat(admin("/api/admin/metrics/aggregate?type=error&interval=soon", 400).get("detail").asString())
                .contains("'interval'", "'soon'");
        assertThat(admin("/api/admin/metrics", 400).get("code").asString()).isEqualTo("missing_parameter");
    }

    @Test
    void summaryHasSlowestRoutesErrorRateCachePoolAndMemory() throws Exception {
        rollupStore.load(MetricType.CPU_USAGE, 0, 1); // starts the pool
        JsonNode summary = admin("/api/admin/performance/summary?window=PT5M", 200);
        JsonNode traffic = summary.get("traffic");
        assertThat(traffic.get("requests").asLong()).isGreaterThanOrEqualTo(32);
        assertThat(traffic.get("errorRate").asDouble()).isPositive();
        assertThat(traffic.get("errorsByStatus").get("404").asLong()).isPositive();
        assertThat(traffic.get("slowestRoutes").get(0).get("p95Ms").asDouble()).isPositive();
        assertThat(traffic.get("contentGeneration").get("successRate").asDouble()).isEqualTo(1.0);
        // The demo's SELECT, as the query analyzer recorded it (by operation and table).
        assertThat(traffic.get("slowestQueries").findValuesAsString("name")).contains("select greetings");
        assertThat(summary.get("cache").get("hitRate").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("cache").get("l1").get("hits").asLong()).isPositive();
        assertThat(summary.get("pool").get("maximum").asInt()).isPositive();
        assertThat(summary.get("memory").get("state").asString()).isEqualTo("NORMAL");
        assertThat(summary.get("pool").get("started").asBoolean()).isTrue();
        assertThat(summary.get("pool").get("total").asInt()).isPositive();
        assertThat(rollupStore).isInstanceOf(JdbcRollupStore.class);
    }
}
