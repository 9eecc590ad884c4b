package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.backend.resilience.ClientLoad.Client;
import com.corpastro.backend.resilience.ClientLoad.Reply;

import tools.jackson.databind.JsonNode;

/**
 * The replica recommendation of one real instance on PostgreSQL and Redis (its heartbeat is the
 * only one): 1 while idle, at least 2 under a saturating load of 16 clients, held while the
 * stabilization window runs after the load stops, and 1 again once it has passed. Short windows
 * keep the test quick; logs one {@code event=scaling_scenario} line.
 */
class ScalingRecommendationTest {

    private static final Logger log = LoggerFactory.getLogger(ScalingRecommendationTest.class);
    private static final int CLIENTS = 16;
    private static final Duration STABILIZATION = Duration.ofSeconds(5);
    private static final LocalDate FIRST_DAY = LocalDate.of(2030, 1, 1);
    private static final int DAYS = 20_000;

    @Test
    void aSaturatedNodeAsksForMoreReplicasAndForOneAgainOnceTheStabilizationWindowHasPassed() throws Exception {
        try (TwoNodeCluster cluster = TwoNodeCluster.start(Map.of(
                "corp-astro.scaling.target-in-flight", "2",
                "corp-astro.scaling.window", "2s",
                "corp-astro.scaling.sample-interval", "200ms",
                "corp-astro.scaling.heartbeat-interval", "500ms",
                "corp-astro.scaling.heartbeat-ttl", "3s",
                "corp-astro.scaling.stabilization-window", STABILIZATION.toSeconds() + "s",
                // Every read of the load is a new day (generated and stored), none over a daily quota.
                "corp-astro.content.generation-quota", "0"), 1)) {
            ClientLoad load = new ClientLoad(ClientLoad.roundRobin(thread -> cluster.nodes()));
            Client admin = load.client(0);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> recommendation(admin).get("recommendedReplicas").asInt() == 1);
            JsonNode idle = recommendation(admin);
            assertThat(idle.get("currentReplicas").asInt()).as("its own heartbeat in Redis").isEqualTo(1);

            Reply user = admin.send("sign_up", "POST", "/api/users", null,
                    "{\"email\":\"scaling-" + System.nanoTime() + "@example.com\",\"name\":\"Scaling Owner\"}", Map.of());
            assertThat(user.status()).as(user.body()).isEqualTo(201);
            String token = user.json().get("apiToken").asString();
            Reply business = admin.send("create_business", "POST", "/api/businesses", token,
                    "{\"name\":\"Busy Bakery\",\"foundedAt\":\"2011-06-01T08:00:00Z\",\"latitude\":51.5,\"longitude\":-0.1}",
                    Map.of());
            assertThat(business.status()).as(business.body()).isEqualTo(201);
            long id = business.json().get("id").asLong();

            load.phase("saturated");
            // New days, so each read generates and stores on the node: cached reads of a few days were so
            // quick that, with the clients' own HTTP work on the same busy cores, fewer than 2.2 requests
            // were in flight on average and the recommendation stayed at 1 for 30 s.
            ClientLoad.Running running = load.start(CLIENTS, 7, (client, random, i) -> client.get("read",
                    "/api/businesses/" + id + "/content/daily_horoscope?date=" + FIRST_DAY.plusDays(random.nextInt(
                            DAYS)), token));
            JsonNode busy;
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> recommendation(admin).get("recommendedReplicas").asInt() >= 2);
                busy = recommendation(admin);
            } finally {
                running.stop();
            }
            long stopped = System.nanoTime();
            assertThat(busy.get("reason").asString()).startsWith("scale up: ");

            load.phase("after");
            List<String> reasons = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode now = recommendation(admin);
                reasons.add(now.get("reason").asString());
                return now.get("recommendedReplicas").asInt() == 1;
            });
            long backToOneMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
            assertThat(reasons).as("a lower recommendation waited for the window")
                    .anyMatch(reason -> reason.startsWith("scale-down held: "));
            assertThat(backToOneMs).isGreaterThanOrEqualTo(STABILIZATION.toMillis() - 1_000);
            long failed = load.outcomes().stream().filter(o -> !o.ok()).count();
            log.info("event=scaling_scenario clients={} recommended_under_load={} utilization_under_load={} "
                    + "signals_under_load=\"{}\" back_to_one_ms={} stabilization_ms={} failed_requests={}",
                    CLIENTS, busy.get("recommendedReplicas").asInt(), busy.get("utilization").asDouble(),
                    busy.get("signals"), backToOneMs, STABILIZATION.toMillis(), failed);
        }
    }

    private static JsonNode recommendation(Client admin) {
        Reply reply = admin.send("scaling", "GET", "/api/admin/scaling", TwoNodeCluster.ADMIN_TOKEN, null, Map.of());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
