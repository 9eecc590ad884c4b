package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.testing.EmbeddedPostgresServer;
import com.corpastro.testing.EmbeddedRedisServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Removing a node loses no request: two service processes on one PostgreSQL and Redis behind
 * Debian's HAProxy (readiness health checks, retries of connection failures only), 16 clients
 * for {@value #LOAD_SECONDS} s, SIGTERM to one node at {@value #SIGTERM_AT_SECONDS} s. The node
 * drains (readiness refused at once, {@code Connection: close} for the 5 s drain delay, then
 * graceful shutdown): every request is answered 2xx, and the other node's recommendation counts
 * one replica once the drained node left. Logs one {@code event=drain_scenario} line. Skipped
 * with a message where haproxy is not installed ({@code apt-get install -y haproxy}; .ci/run
 * installs it).
 */
class DrainBehindLoadBalancerTest {

    private static final Logger log = LoggerFactory.getLogger(DrainBehindLoadBalancerTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN_TOKEN = "drain-admin-token-0123456789abcdef0123";
    private static final int CLIENTS = 16;
    private static final int LOAD_SECONDS = 20;
    private static final int SIGTERM_AT_SECONDS = 5;
    private static final Path LOGS = Path.of("target", "drain-test");

    /** One request as a client behind the load balancer saw it. */
    record Outcome(long sentAtNanos, int status, String servedBy, String error) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    @Test
    void aNodeStoppedWithSigtermUnderLoadLosesNoRequest() throws Exception {
        Optional<Path> haproxy = Haproxy.binary();
        assumeTrue(haproxy.isPresent(), "Skipped: haproxy is not installed (apt-get install -y haproxy)");
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start();
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start()) {
            String databaseUrl = postgres.createDatabase();
            Map<String, String> environment = Map.of("DATABASE_URL", databaseUrl, "DATABASE_USER", postgres.username(),
                    "DATABASE_PASSWORD", "", "REDIS_URL", redis.url(), "CORP_ASTRO_ADMIN_TOKEN", ADMIN_TOKEN);
            List<String> arguments = new ArrayList<>(List.of("--corp-astro.demo.enabled=false",
                    "--corp-astro.auth.token-lookups-per-minute=1000000",
                    "--corp-astro.scaling.heartbeat-interval=500ms", "--corp-astro.scaling.heartbeat-ttl=3s"));
            for (String type : List.of("auth", "content", "api", "public", "admin")) {
                arguments.add("--corp-astro.http.endpoint-types." + type + ".limit=1000000");
            }
            // One after the other: the first runs the Flyway migrations, the second finds them applied.
            try (ServiceProcess a = ServiceProcess.start("node-a", environment, arguments, LOGS)) {
                a.awaitReady(Duration.ofSeconds(90));
                try (ServiceProcess b = ServiceProcess.start("node-b", environment, arguments, LOGS)) {
                    b.awaitReady(Duration.ofSeconds(90));
                    try (Haproxy balancer = Haproxy.start(haproxy.get(), List.of(a, b), LOGS)) {
                        run(balancer, a, b);
                    }
                }
            }
        }
    }

    private void run(Haproxy balancer, ServiceProcess a, ServiceProcess b) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        await("both nodes behind haproxy").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> servedBy(http, balancer, a.name()) && servedBy(http, balancer, b.name()));
        JsonNode user = JSON.readTree(send(http, post(balancer, "/api/users", null,
                "{\"email\":\"drain-" + System.nanoTime() + "@example.com\",\"name\":\"Drain Owner\"}")).body());
        String token = user.get("apiToken").asString();
        List<Long> businesses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> created = send(http, post(balancer, "/api/businesses", token, "{\"name\":\"Drain "
                    + i + "\",\"foundedAt\":\"2011-06-01T08:00:00Z\",\"latitude\":51.5,\"longitude\":-0.1}"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            businesses.add(JSON.readTree(created.body()).get("id").asLong());
        }
        await("both heartbeats seen").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> currentReplicas(http, b) == 2);

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < CLIENTS; t++) {
            Random random = new Random(t);
            Thread client = new Thread(() -> {
                while (!stop.get()) {
                    outcomes.add(request(http, balancer, random, token, businesses));
                }
            }, "drain-client-" + t);
            client.start();
            clients.add(client);
        }
        await().pollDelay(Duration.ofSeconds(SIGTERM_AT_SECONDS)).atMost(Duration.ofSeconds(SIGTERM_AT_SECONDS + 1))
                .until(() -> true);
        long sigterm = System.nanoTime();
        a.terminate();
        await().pollDelay(Duration.ofSeconds(LOAD_SECONDS - SIGTERM_AT_SECONDS))
                .atMost(Duration.ofSeconds(LOAD_SECONDS - SIGTERM_AT_SECONDS + 1)).until(() -> true);
        int replicasAfter = currentReplicas(http, b);
        stop.set(true);
        for (Thread client : clients) {
            client.join(30_000);
        }
        int exit = a.awaitExit(Duration.ofSeconds(40));
        long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        List<Outcome> all = List.copyOf(outcomes);
        List<Outcome> failed = all.stream().filter(outcome -> !outcome.ok()).toList();
        long afterSigterm = all.stream().filter(o -> o.sentAtNanos() >= sigterm).count();
        long drainedByA = all.stream().filter(o -> o.sentAtNanos() >= sigterm && a.name().equals(o.servedBy()))
                .count();
        long lastByAMs = all.stream().filter(o -> a.name().equals(o.servedBy()))
                .mapToLong(o -> TimeUnit.NANOSECONDS.toMillis(o.sentAtNanos() - sigterm)).max().orElse(0);
        log.info("event=drain_scenario clients={} seconds={} requests={} failed={} after_sigterm={} "
                + "served_by_draining_node={} last_sent_to_it_ms_after_sigterm={} exit={} current_replicas_after={}"
                + " ms={}", CLIENTS, LOAD_SECONDS, all.size(), failed.size(), afterSigterm, drainedByA, lastByAMs, exit,
                replicasAfter, stoppedMs);

        assertThat(failed).as("requests that failed").isEmpty();
        assertThat(afterSigterm).isPositive();
        assertThat(a.logText()).contains("event=drain_started").contains("event=drain_finished");
        assertThat(exit).as("exit status after SIGTERM").isEqualTo(143);
        assertThat(replicasAfter).as("the drained node left the heartbeats").isEqualTo(1);
        assertThat(balancer.alive()).isTrue();
    }

    private static Outcome request(HttpClient http, Haproxy balancer, Random random, String token,
            List<Long> businesses) {
        int pick = random.nextInt(10);
        String path = pick < 6 ? "/api/businesses/" + businesses.get(random.nextInt(businesses.size()))
                + "/content/daily_horoscope?date=2030-02-1" + random.nextInt(10)
                : pick < 8 ? "/api/templates/daily_horoscope_template" : "/api/system/ping";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(balancer.baseUrl() + path))
                .timeout(Duration.ofSeconds(15));
        if (pick < 6) {
            request.header("Authorization", "Bearer " + token);
        }
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(sent, response.statusCode(), response.headers().firstValue("X-Served-By").orElse(""),
                    response.statusCode() >= 300 ? path + " " + response.body() : "");
        } catch (IOException e) {
            return new Outcome(sent, ClientLoad.NO_RESPONSE, "", path + " " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(sent, ClientLoad.NO_RESPONSE, "", path + " interrupted");
        }
    }

    private static boolean servedBy(HttpClient http, Haproxy balancer, String node) {
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(balancer.baseUrl()
                    + "/api/system/ping")).build());
            if (response.statusCode() == 200 && response.headers().firstValue("X-Served-By").orElse("").equals(node)) {
                return true;
            }
        }
        return false;
    }

    private static int currentReplicas(HttpClient http, ServiceProcess node) {
        HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                + "/api/admin/scaling")).header("Authorization", "Bearer " + ADMIN_TOKEN).build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("currentReplicas").asInt();
    }

    private static HttpRequest post(Haproxy balancer, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(balancer.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
