package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.performance.dashboard.DashboardTestApplication;
import com.corpastro.performance.monitor.RollupStore;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The analytics' admin API over real HTTP, with H2 as the application's database. */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"corp-astro.admin.token=analytics-admin-token-0123456789abcdef",
                "spring.datasource.url=jdbc:h2:mem:analytics-api;MODE=PostgreSQL"})
class AnalyticsApiIntegrationTest {

    private static final String TOKEN = "analytics-admin-token-0123456789abcdef";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String JANUARY = "from=2026-01-01T01:00:00Z&to=2026-01-01T02:00:00Z"
            + "&baselineFrom=2026-01-01T00:00:00Z&baselineTo=2026-01-01T01:00:00Z";
    private static final List<String> ADMIN_PATHS = List.of("/api/admin/reports/performance",
            "/api/admin/reports/performance.csv", "/api/admin/reports/daily/2026-01-01", "/api/admin/slo",
            "/api/admin/alerts");

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    RollupStore rollupStore;

    @Autowired
    AnalyticsStore analyticsStore;

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode problem(String path, int status, String code) throws Exception {
        HttpResponse<String> response = get(path, TOKEN);
        assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo(code);
        return body;
    }

    private void seedJanuary() {
        Instant baseline = Instant.parse("2026-01-01T00:00:00Z");
        Instant period = Instant.parse("2026-01-01T01:00:00Z");
        List<com.corpastro.performance.monitor.Rollup> rollups = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            rollups.addAll(Rollups.minutes(node, "GET", "/demo/slowed/{n}", 200, baseline, 60, 5, 20));
            rollups.addAll(Rollups.minutes(node, "GET", "/demo/slowed/{n}", 200, period, 60, 5, 400));
            rollups.addAll(Rollups.minutes(node, "GET", "/demo/steady", 200, baseline, 60, 5, 20));
            rollups.addAll(Rollups.minutes(node, "GET", "/demo/steady", 200, period, 60, 10, 20));
        }
        rollupStore.deleteBefore(Instant.parse("2026-01-02T00:00:00Z").toEpochMilli());
        rollupStore.save(rollups);
    }

    @Test
    void everyAnalyticsEndpointRefusesMissingOrWrongTokens() throws Exception {
        for (String path : ADMIN_PATHS) {
            HttpResponse<String> anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(JSON.readTree(anonymous.body()).get("code").asString()).isEqualTo("unauthorized");
            HttpResponse<String> wrong = get(path, "wrong-token-that-is-not-the-admins-0123456789");
            assertThat(wrong.statusCode()).as(path).isEqualTo(403);
            assertThat(JSON.readTree(wrong.body()).get("code").asString()).isEqualTo("admin_required");
        }
    }

    @Test
    void theReportComparesBothNodesRoutesWithTheBaselineAndFlagsOnlyTheSlowedOne() throws Exception {
        seedJanuary();

        HttpResponse<String> response = get("/api/admin/reports/performance?" + JANUARY, TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(response.body());
        assertThat(report.propertyNames()).containsExactly("period", "baseline", "routes", "totals");
        assertThat(report.get("period").get("from").asString()).isEqualTo("2026-01-01T01:00:00Z");
        JsonNode slowed = report.get("routes").get(0);
        assertThat(slowed.propertyNames()).contains("route", "requests", "throughputPerSecond", "p50Ms", "p95Ms",
                "p99Ms", "errorRate", "apdex", "cacheHitRate", "baseline", "p95Change", "requestsChange", "regression");
        assertThat(slowed.get("route").asString()).isEqualTo("GET /demo/slowed/{n}");
        assertThat(slowed.get("requests").asLong()).isEqualTo(600);
        assertThat(slowed.get("regression").asBoolean()).isTrue();
        assertThat(slowed.get("baseline").get("p95Ms").asDouble()).isBetween(20.0, 22.5);
        assertThat(slowed.get("p95Ms").asDouble()).isBetween(400.0, 450.0);
        JsonNode steady = report.get("routes").get(1);
        assertThat(steady.get("route").asString()).isEqualTo("GET /demo/steady");
        assertThat(steady.get("regression").asBoolean()).isFalse();
        assertThat(steady.get("requestsChange").asDouble()).isEqualTo(1.0);
        assertThat(report.get("totals").get("requests").asLong()).isEqualTo(1800);
    }

    @Test
    void theCsvHasAHeaderLineAndOneRowPerRoute() throws Exception {
        seedJanuary();

        HttpResponse<String> response = get("/api/admin/reports/performance.csv?" + JANUARY, TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        String[] lines = response.body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("route,endpointType,requests,throughputPerSecond,p50Ms,p95Ms,p99Ms,errorRate,"
                + "apdex,cacheHitRate,baselineRequests").endsWith(",p95Change,requestsChange,regression");
        assertThat(lines[1]).startsWith("GET /demo/slowed/{n},api,600,").endsWith(",true");
        assertThat(lines[2]).startsWith("GET /demo/steady,api,1200,").endsWith(",1.0,false");
    }

    @Test
    void badParametersAnswerProblemsNamingTheValue() throws Exception {
        assertThat(problem("/api/admin/reports/performance?from=yesterday", 400, "invalid_parameter").get("detail")
                .asString()).isEqualTo("Parameter 'from' must be an ISO-8601 instant such as 2026-01-01T10:00:00Z,"
                        + " was 'yesterday'");
        problem("/api/admin/reports/performance?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", 400,
                "invalid_parameter");
        assertThat(problem("/api/admin/reports/performance.csv?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", 400,
                "invalid_parameter").get("detail").asString()).contains("at most 93 days");
        problem("/api/admin/reports/performance?baselineFrom=2026-01-01T00:00:00Z", 400, "invalid_parameter");
        problem("/api/admin/reports/daily/last-tuesday", 400, "invalid_parameter");
        assertThat(problem("/api/admin/reports/daily/2025-06-01", 404, "report_not_found").get("detail").asString())
                .isEqualTo("No daily report is stored for 2025-06-01.");
        problem("/api/admin/alerts?limit=0", 400, "invalid_parameter");
        problem("/api/admin/alerts?limit=many", 400, "invalid_parameter");
    }

    @Test
    void sloAlertsAndStoredDailyReportsAreServed() throws Exception {
        analyticsStore.saveDailyReport(LocalDate.parse("2026-01-05"), "{\"date\":\"2026-01-05\"}");

        JsonNode slo = JSON.readTree(get("/api/admin/slo", TOKEN).body());
        assertThat(slo.get("objectives")).extracting(o -> o.get("name").asString()).containsExactly("content", "public");
        assertThat(slo.get("objectives").get(0).propertyNames()).contains("name", "target", "window", "compliance",
                "errorBudgetRemaining", "burnRate1h", "burnRate6h", "burnRate3d", "status");
        assertThat(JSON.readTree(get("/api/admin/alerts", TOKEN).body()).get("alerts").isArray()).isTrue();
        HttpResponse<String> daily = get("/api/admin/reports/daily/2026-01-05", TOKEN);
        assertThat(daily.statusCode()).isEqualTo(200);
        assertThat(daily.body()).isEqualTo("{\"date\":\"2026-01-05\"}");
    }

    @Test
    void theReportPageIsServedWithItsScriptUnderTheDashboardsPolicy() throws Exception {
        HttpResponse<String> page = get("/dashboard/reports", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).startsWith("default-src 'self'");
        java.util.regex.Matcher script = java.util.regex.Pattern
                .compile("<script src=\"/dashboard/(reports\\.[0-9a-f]{12}\\.js)\"></script>").matcher(page.body());
        assertThat(script.find()).as(page.body()).isTrue();
        assertThat(page.body()).containsPattern("href=\"/dashboard/reports\\.[0-9a-f]{12}\\.css\"");
        HttpResponse<String> hashed = get("/dashboard/" + script.group(1), null);
        assertThat(hashed.statusCode()).isEqualTo(200);
        assertThat(hashed.body()).contains("/api/admin/reports/performance");
        assertThat(hashed.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(hashed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(get("/dashboard/reports.js", null).headers().firstValue("Cache-Control")).contains("max-age=3600");
        assertThat(get("/dashboard/reports.000000000000.css", null).statusCode()).isEqualTo(404);
        assertThat(get("/dashboard", null).body()).contains("href=\"/dashboard/reports\"");
    }
}
