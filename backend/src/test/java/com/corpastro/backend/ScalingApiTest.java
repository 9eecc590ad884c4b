package com.corpastro.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/admin/scaling} and the scaling gauges over real HTTP on H2 (the same context as
 * {@code H2ApiTest}): admin only, the recommendation's shape with every signal the service can
 * measure, and the Prometheus names the Kubernetes manifests query.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "corp-astro.admin.token=" + ApiContractTests.ADMIN_TOKEN,
        "corp-astro.http.endpoint-types.auth.limit=" + ApiContractTests.SIGN_UPS_PER_MINUTE })
class ScalingApiTest {

    @LocalServerPort
    int port;

    @Test
    void theRecommendationIsForAdminsOnly() {
        Api api = new Api(port);
        Response anonymous = api.get("/api/admin/scaling", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.json().get("code").asString()).isEqualTo("unauthorized");

        String userToken = api.signUp("Scaling Reader").token();
        Response user = api.get("/api/admin/scaling", userToken);
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.contentType()).startsWith("application/problem+json");
        assertThat(user.json().get("code").asString()).isEqualTo("admin_required");
    }

    @Test
    void theRecommendationCountsThisNodeAndShowsEverySignal() {
        Api api = new Api(port);
        api.get("/api/templates/daily_horoscope_template", null); // the pool has started
        Response answer = api.get("/api/admin/scaling", ApiContractTests.ADMIN_TOKEN);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("currentReplicas").asInt()).as("no Redis: this node only").isEqualTo(1);
        assertThat(json.get("recommendedReplicas").asInt()).isBetween(1, 10);
        assertThat(json.get("utilization").isNumber()).isTrue();
        assertThat(json.get("reason").asString()).isNotBlank();
        JsonNode signals = json.get("signals");
        assertThat(signals.propertyNames()).containsExactly("requests", "cpu", "pool", "latency");
        for (String signal : signals.propertyNames()) {
            JsonNode value = signals.get(signal);
            assertThat(value.get("target").asDouble()).as(signal).isPositive();
            assertThat(value.get("utilization").asDouble()).as(signal)
                    .isCloseTo(value.get("value").asDouble() / value.get("target").asDouble(),
                            offset(0.002));
        }
        assertThat(signals.get("requests").get("target").asInt()).isEqualTo(32);
        assertThat(signals.get("latency").get("unit").asString()).isEqualTo("ms");
    }

    @Test
    void prometheusHasTheScalingGaugesUnderTheirExportedNames() {
        String metrics = new Api(port).get("/actuator/prometheus", ApiContractTests.ADMIN_TOKEN).body();
        assertThat(metrics).containsPattern("(?m)^corp_astro_scaling_utilization(\\{[^}]*})? ")
                .containsPattern("(?m)^corp_astro_scaling_signal_utilization\\{[^}]*signal=\"requests\"")
                .containsPattern("(?m)^corp_astro_scaling_in_flight(\\{[^}]*})? ")
                .containsPattern("(?m)^corp_astro_scaling_pool_pending(\\{[^}]*})? ")
                .containsPattern("(?m)^corp_astro_scaling_latency_p95_seconds(\\{[^}]*})? ")
                .containsPattern("(?m)^corp_astro_scaling_replicas_current(\\{[^}]*})? ")
                .containsPattern("(?m)^corp_astro_scaling_replicas_recommended(\\{[^}]*})? ");
    }
}
