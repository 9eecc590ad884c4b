package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import com.corpastro.backend.support.Api;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.testing.MutableClock;

import tools.jackson.databind.JsonNode;

/**
 * The performance report flags the route that got slower, and only it: the service reads content
 * (each read a new day, so each generates through the external generator stub) and a business,
 * for ten minutes; then the stub answers 400 ms late and the same reads go on for ten minutes. The
 * report of the second ten minutes against the first flags the content route alone. The monitor
 * runs on a fake clock (the rest of the service on the real one), so the two periods take seconds.
 */
abstract class SlowRouteRegressionContract {

    static final String ADMIN_TOKEN = "regression-admin-token-0123456789abcdef";
    static final int READS_PER_PERIOD = 30;
    static final int WARM_UP_READS = 5;
    static final String CONTENT_ROUTE = "/api/businesses/{id}/content/{contentType}";
    static final String BUSINESS_ROUTE = "/api/businesses/{id}";
    static final Instant START = Instant.parse("2026-12-01T09:00:00Z");
    static final MutableClock CLOCK = new MutableClock(START);
    static volatile GeneratorStub stub;

    @LocalServerPort
    int port;

    @Autowired
    PerformanceMonitor monitor;

    static void properties(DynamicPropertyRegistry registry) {
        registry.add("corp-astro.admin.token", () -> ADMIN_TOKEN);
        registry.add("corp-astro.content.generator.url", () -> stub.url());
        registry.add("corp-astro.content.generator.model", () -> "test-model");
        registry.add("corp-astro.content.generator.api-key", () -> "test-key");
        registry.add("corp-astro.content.generator.timeout", () -> "3s");
        registry.add("corp-astro.content.generation-quota", () -> "0");
    }

    @BeforeAll
    static void startStub() {
        stub = GeneratorStub.start(List.of("Regression"));
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @Test
    void theReportFlagsTheRouteWhoseGeneratorSlowedDownAndNoOther() {
        Api api = new Api(port);
        Api.SignedUp owner = api.signUp("Regression Owner");
        long business = api.createBusiness(owner.token(), "Regression Studio", "2015-03-04T10:00:00Z");
        // Warm-up (first calls compile and fill pools) an hour before, outside both periods.
        // Its last reads are recorded after their answers reach the client: they are awaited before
        // the clock moves, or one of them would land in the baseline period.
        Instant warmUp = START.minus(Duration.ofHours(1));
        CLOCK.set(warmUp.toEpochMilli());
        read(api, owner.token(), business, LocalDate.of(2025, 6, 1), WARM_UP_READS);
        awaitRecorded(warmUp, WARM_UP_READS);
        CLOCK.set(START.toEpochMilli());

        Instant baseline = CLOCK.instant();
        read(api, owner.token(), business, LocalDate.of(2026, 1, 1), READS_PER_PERIOD);
        awaitRecorded(baseline, READS_PER_PERIOD);
        CLOCK.advance(Duration.ofMinutes(10));
        Instant slowed = CLOCK.instant();
        stub.delay(Duration.ofMillis(400));
        try {
            read(api, owner.token(), business, LocalDate.of(2026, 3, 1), READS_PER_PERIOD);
        } finally {
            stub.delay(Duration.ZERO);
        }
        awaitRecorded(slowed, READS_PER_PERIOD);
        CLOCK.advance(Duration.ofMinutes(10));

        Api.Response response = api.get("/api/admin/reports/performance?from=" + slowed + "&to=" + slowed.plus(
                Duration.ofMinutes(10)) + "&baselineFrom=" + baseline + "&baselineTo=" + slowed, ADMIN_TOKEN);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode routes = response.json().get("routes");
        JsonNode content = find(routes, "GET /api/businesses/{id}/content/{contentType}");
        assertThat(content.get("requests").asLong()).isEqualTo(READS_PER_PERIOD);
        assertThat(content.get("baseline").get("requests").asLong()).isEqualTo(READS_PER_PERIOD);
        assertThat(content.get("endpointType").asString()).isEqualTo("content");
        assertThat(content.get("p95Ms").asDouble()).isGreaterThan(400);
        assertThat(content.get("regression").asBoolean()).as(content.toString()).isTrue();
        JsonNode other = find(routes, "GET /api/businesses/{id}");
        assertThat(other.get("requests").asLong()).as(routes.toString()).isEqualTo(READS_PER_PERIOD);
        assertThat(other.get("regression").asBoolean()).as(other.toString()).isFalse();
        List<String> flagged = new java.util.ArrayList<>();
        routes.forEach(route -> {
            if (route.get("regression").asBoolean()) {
                flagged.add(route.get("route").asString());
            }
        });
        assertThat(flagged).containsExactly("GET /api/businesses/{id}/content/{contentType}");
    }

    @Test
    void eachRoutesReportCarriesTheShareOfItsRequestsTheResponseCacheAnswered() {
        Instant period = START.plus(Duration.ofHours(6));
        CLOCK.set(period.toEpochMilli());
        Api api = new Api(port);
        Api.SignedUp owner = api.signUp("Cache Hit Owner");
        long business = api.createBusiness(owner.token(), "Cache Hit Studio", "2015-03-04T10:00:00Z");
        int reads = 12;
        for (int i = 0; i < reads; i++) {
            // The same day each time: generated (not stored), then from the content cache (stored), then hits.
            Api.Response content = api.get("/api/businesses/" + business + "/content/daily_horoscope?date=2024-02-02",
                    owner.token());
            assertThat(content.status()).as(content.body()).isEqualTo(200);
            assertThat(api.get("/api/businesses/" + business, owner.token()).status()).isEqualTo(200);
        }
        awaitRecorded(period, reads);
        CLOCK.advance(Duration.ofMinutes(10));

        Api.Response response = api.get("/api/admin/reports/performance?from=" + period + "&to="
                + period.plus(Duration.ofMinutes(10)), ADMIN_TOKEN);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode routes = response.json().get("routes");
        JsonNode content = find(routes, "GET /api/businesses/{id}/content/{contentType}");
        assertThat(content.get("requests").asLong()).isEqualTo(reads);
        assertThat(content.get("cacheHitRate").asDouble()).as(content.toString())
                .isEqualTo(Math.round((reads - 2) * 10_000.0 / reads) / 10_000.0);
        JsonNode uncached = find(routes, "GET /api/businesses/{id}");
        assertThat(uncached.get("cacheHitRate").isNull()).as(uncached.toString()).isTrue();
        assertThat(response.json().get("totals").get("cacheHitRate").asDouble())
                .isEqualTo(content.get("cacheHitRate").asDouble());
    }

    /** Reads a new day's content and the business, {@code times} times each. */
    private static void read(Api api, String token, long business, LocalDate firstDay, int times) {
        for (int i = 0; i < times; i++) {
            Api.Response content = api.get("/api/businesses/" + business + "/content/daily_horoscope?date="
                    + firstDay.plusDays(i), token);
            assertThat(content.status()).as(content.body()).isEqualTo(200);
            assertThat(api.get("/api/businesses/" + business, token).status()).isEqualTo(200);
        }
    }

    /**
     * Waits until the monitor has the {@code reads} reads of each route made in the period starting at
     * {@code from}: a request is recorded after its response is written, so the client can see the
     * answer first. Each route is counted on its own, so that a late record of another request (the
     * previous test's report) cannot stand in for a missing read.
     */
    private void awaitRecorded(Instant from, int reads) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> recorded(from, CONTENT_ROUTE) >= reads
                && recorded(from, BUSINESS_ROUTE) >= reads);
    }

    private int recorded(Instant from, String path) {
        return monitor.getMetrics(MetricType.RESPONSE_TIME, from, from.plus(Duration.ofMinutes(10)),
                Map.of("method", "GET", "path", path)).size();
    }

    private static JsonNode find(JsonNode routes, String route) {
        for (JsonNode node : routes) {
            if (node.get("route").asString().equals(route)) {
                return node;
            }
        }
        throw new AssertionError("no route " + route + " in " + routes);
    }
}
