package com.corpastro.backend.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import com.corpastro.backend.CorpAstroApplication;
import com.corpastro.backend.business.BusinessChanged;
import com.corpastro.backend.support.Api;
import com.corpastro.performance.analytics.Alert;
import com.corpastro.performance.analytics.AlertListener;
import com.corpastro.performance.realtime.EventHub;
import com.corpastro.testing.EmbeddedRedisServer;

import tools.jackson.databind.JsonNode;

/**
 * Both transports over real HTTP on two nodes that share a database and a Redis: events raised on
 * one node reach subscribers of the other, Last-Event-ID resumes, only the owner (or an admin)
 * hears a business, the limits answer 429 and close 1013, shutdown closes 1001.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealtimeApiTest {

    static final String ADMIN_TOKEN = "realtime-admin-token-0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(15);

    static EmbeddedRedisServer redis;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static String urlA;
    static String urlB;
    static Api apiA;
    static Api apiB;

    @BeforeAll
    static void startTwoNodes() {
        redis = EmbeddedRedisServer.start();
        nodeA = start("node-a");
        nodeB = start("node-b");
        urlA = "http://localhost:" + port(nodeA);
        urlB = "http://localhost:" + port(nodeB);
        apiA = new Api(port(nodeA));
        apiB = new Api(port(nodeB));
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {nodeA, nodeB}) {
            if (node != null && node.isActive()) {
                node.close();
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    private static ConfigurableApplicationContext start(String name) {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("spring.datasource.url", "jdbc:h2:mem:realtime;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                        + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"),
                Map.entry("REDIS_URL", redis.url()),
                Map.entry("corp-astro.admin.token", ADMIN_TOKEN),
                Map.entry("corp-astro.demo.enabled", "false"),
                Map.entry("corp-astro.monitor.node-id", name),
                Map.entry("corp-astro.http.endpoint-types.auth.limit", "1000"),
                Map.entry("corp-astro.cache.redis.command-timeout", "1s"),
                Map.entry("corp-astro.realtime.coalesce-window", "100ms"),
                Map.entry("corp-astro.realtime.max-connections-per-user", "3"),
                Map.entry("corp-astro.realtime.auth-timeout", "500ms"),
                Map.entry("corp-astro.realtime.metrics-interval", "200ms"),
                // A client that went away is noticed when the next write fails: at the latest the heartbeat.
                Map.entry("corp-astro.realtime.heartbeat", "1s"),
                Map.entry("spring.lifecycle.timeout-per-shutdown-phase", "2s"),
                Map.entry("server.port", "0"));
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(CorpAstroApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext node) {
        return Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
    }

    private static void rename(Api api, String token, long business, String name) {
        Api.Response patched = api.send("PATCH", "/api/businesses/" + business, token, "application/json",
                "{\"name\":\"" + name + "\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    }

    @Test
    void ownerHearsBusinessUpdatedOverSseWithRetryHintAndTheEventFields() {
        Api.SignedUp owner = apiA.signUp("Sse Owner");
        long business = apiA.createBusiness(owner.token(), "Sse Co", "2001-02-03T04:05:06Z");
        try (SseClient stream = SseClient.open(urlA, "/api/businesses/" + business + "/events", owner.token(), null)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            // Never compressed or buffered by the response filters.
            assertThat(stream.response.headers().firstValue("Content-Encoding")).isEmpty();
            await().atMost(WAIT).until(() -> stream.frames.stream().anyMatch(f -> "3000".equals(f.retry())));

            rename(apiA, owner.token(), business, "Sse Co Renamed");

            await().atMost(WAIT).until(() -> !stream.events("business.updated").isEmpty());
            SseClient.Frame frame = stream.events("business.updated").get(0);
            JsonNode event = frame.json();
            assertThat(event.get("id").asString()).isEqualTo(frame.id());
            assertThat(event.get("type").asString()).isEqualTo("business.updated");
            assertThat(event.get("businessId").asLong()).isEqualTo(business);
            assertThat(event.get("at").asString()).isNotBlank();
            assertThat(event.at("/payload/revision").asInt()).isEqualTo(2);
            assertThat(event.at("/payload/changed/0").asString()).isEqualTo("name");
            // The business's data beyond its id never rides on the event.
            assertThat(frame.data()).doesNotContain("Sse Co Renamed").doesNotContain(owner.email());
        }
    }

    @Test
    void aBurstOfChangesIsCoalescedIntoOneEventWithTheLastRevision() {
        Api.SignedUp owner = apiA.signUp("Burst Owner");
        long business = apiA.createBusiness(owner.token(), "Burst Co", "2001-02-03T04:05:06Z");
        try (SseClient stream = SseClient.open(urlA, "/api/businesses/" + business + "/events", owner.token(), null)) {
            await().atMost(WAIT).until(() -> !stream.frames.isEmpty());
            // Both changes within the 100 ms window: the two requests take a few ms on this machine.
            rename(apiA, owner.token(), business, "Burst One");
            Api.Response moved = apiA.send("PATCH", "/api/businesses/" + business, owner.token(), "application/json",
                    "{\"latitude\":10.5}");
            assertThat(moved.status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> stream.events("business.updated").stream()
                    .anyMatch(f -> f.json().at("/payload/revision").asInt() == 3));
            List<SseClient.Frame> updates = stream.events("business.updated");
            JsonNode last = updates.get(updates.size() - 1).json();
            assertThat(last.at("/payload/changed").toString()).contains("name").contains("latitude");
        }
    }

    @Test
    void anImportRaisesOneBusinessChangeForEachBusinessItCreated() {
        Api.SignedUp owner = apiA.signUp("Import Owner");
        List<BusinessChanged> changes = new CopyOnWriteArrayList<>();
        nodeA.addApplicationListener(event -> {
            if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof BusinessChanged c
                    && c.ownerId() == owner.id()) {
                changes.add(c);
            }
        });
        String prefix = "rt-" + owner.id() + "-";
        String rows = "[" + row(prefix + "1", owner.id(), "Alpha") + "," + row(prefix + "2", owner.id(), "Beta") + ","
                + row(prefix + "1", owner.id(), "Alpha again") + "]";
        Api.Response imported = apiA.post("/api/admin/businesses/import", ADMIN_TOKEN, rows);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(changes).hasSize(2).allSatisfy(change -> {
            assertThat(change.revision()).isEqualTo(1);
            assertThat(change.changed()).containsExactly("created");
        });
        assertThat(changes.stream().map(BusinessChanged::businessId).distinct()).hasSize(2);

        apiA.post("/api/admin/businesses/import", ADMIN_TOKEN, rows);
        assertThat(changes).as("rows skipped as known change nothing").hasSize(2);
    }

    private static String row(String externalId, long ownerId, String name) {
        return "{\"externalId\":\"" + externalId + "\",\"ownerId\":" + ownerId + ",\"name\":\"" + name
                + "\",\"foundedAt\":\"2001-01-01T00:00:00Z\",\"latitude\":10,\"longitude\":20}";
    }

    @Test
    void anotherUsersBusinessStreamIs404LikeAMissingOne() {
        Api.SignedUp owner = apiA.signUp("Owner Private");
        Api.SignedUp stranger = apiA.signUp("Stranger");
        long business = apiA.createBusiness(owner.token(), "Private Co", "2001-02-03T04:05:06Z");
        try (SseClient stream = SseClient.open(urlA, "/api/businesses/" + business + "/events", stranger.token(),
                null)) {
            assertThat(stream.response.statusCode()).isEqualTo(404);
            assertThat(stream.response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
        }
        try (SseClient anonymous = SseClient.open(urlA, "/api/businesses/" + business + "/events", null, null)) {
            assertThat(anonymous.response.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void eventRaisedOnOneNodeReachesSseAndWebSocketSubscribersOnTheOther() {
        Api.SignedUp owner = apiA.signUp("Cluster Owner");
        long business = apiA.createBusiness(owner.token(), "Cluster Co", "2001-02-03T04:05:06Z");
        try (SseClient stream = SseClient.open(urlB, "/api/businesses/" + business + "/events", owner.token(), null);
                WsClient socket = WsClient.connect(urlB, owner.token())) {
            await().atMost(WAIT).until(() -> !socket.ofType("ready").isEmpty());
            socket.send("{\"type\":\"subscribe\",\"businessId\":" + business + "}");
            await().atMost(WAIT).until(() -> !socket.ofType("subscribed").isEmpty());
            await().atMost(WAIT).until(() -> !stream.frames.isEmpty());

            rename(apiA, owner.token(), business, "Cluster Renamed");

            await().atMost(WAIT).until(() -> !stream.events("business.updated").isEmpty()
                    && !socket.ofType("business.updated").isEmpty());
            // One event, one id, on both transports.
            assertThat(socket.ofType("business.updated").get(0).get("id").asString())
                    .isEqualTo(stream.events("business.updated").get(0).id());
            assertThat(socket.ofType("business.updated").get(0).get("businessId").asLong()).isEqualTo(business);
        }
    }

    @Test
    void lastEventIdResumesWithTheMissedEventsInOrderOnAnotherNode() {
        Api.SignedUp owner = apiA.signUp("Resume Owner");
        long business = apiA.createBusiness(owner.token(), "Resume Co", "2001-02-03T04:05:06Z");
        String first;
        try (SseClient witness = SseClient.open(urlA, "/api/businesses/" + business + "/events", owner.token(), null)) {
            await().atMost(WAIT).until(() -> !witness.frames.isEmpty());
            rename(apiA, owner.token(), business, "Resume 1");
            await().atMost(WAIT).until(() -> witness.events("business.updated").size() == 1);
            first = witness.events("business.updated").get(0).id();
            rename(apiA, owner.token(), business, "Resume 2");
            await().atMost(WAIT).until(() -> witness.events("business.updated").size() == 2);
            rename(apiA, owner.token(), business, "Resume 3");
            await().atMost(WAIT).until(() -> witness.events("business.updated").size() == 3);
            List<String> missed = witness.events("business.updated").subList(1, 3).stream().map(SseClient.Frame::id)
                    .toList();
            // The client was on node A; it comes back on node B, which kept the same events from the bus.
            try (SseClient resumed = SseClient.open(urlB, "/api/businesses/" + business + "/events", owner.token(),
                    first)) {
                await().atMost(WAIT).until(() -> resumed.events("business.updated").size() >= 2);
                assertThat(resumed.events("business.updated").stream().map(SseClient.Frame::id).toList())
                        .containsExactlyElementsOf(missed);
                assertThat(resumed.events("resync")).isEmpty();
            }
            try (SseClient unknown = SseClient.open(urlB, "/api/businesses/" + business + "/events", owner.token(),
                    "no-such-event")) {
                await().atMost(WAIT).until(() -> !unknown.events("resync").isEmpty());
            }
        }
    }

    @Test
    void contentGenerationRaisesContentUpdated() {
        Api.SignedUp owner = apiA.signUp("Content Owner");
        long business = apiA.createBusiness(owner.token(), "Content Co", "2001-02-03T04:05:06Z");
        try (SseClient stream = SseClient.open(urlA, "/api/businesses/" + business + "/events", owner.token(), null)) {
            await().atMost(WAIT).until(() -> !stream.frames.isEmpty());
            Api.Response content = apiA.get("/api/businesses/" + business + "/content/daily_horoscope?date=2026-12-04",
                    owner.token());
            assertThat(content.status()).as(content.body()).isEqualTo(200);
            await().atMost(WAIT).until(() -> !stream.events("content.updated").isEmpty());
            JsonNode event = stream.events("content.updated").get(0).json();
            assertThat(event.get("businessId").asLong()).isEqualTo(business);
            assertThat(event.at("/payload/contentType").asString()).isEqualTo("daily_horoscope");
            assertThat(event.at("/payload/period").asString()).isEqualTo("2026-12-04");
            assertThat(event.at("/payload/source").asString()).isEqualTo("builtin");
        }
    }

    @Test
    void webSocketTokenInTheFirstMessageThenAForbiddenSubscriptionClosesWith1008() {
        Api.SignedUp owner = apiA.signUp("Ws Owner");
        Api.SignedUp stranger = apiA.signUp("Ws Stranger");
        long business = apiA.createBusiness(owner.token(), "Ws Co", "2001-02-03T04:05:06Z");
        try (WsClient socket = WsClient.connect(urlA, null)) {
            socket.send("{\"type\":\"auth\",\"token\":\"" + stranger.token() + "\"}");
            await().atMost(WAIT).until(() -> !socket.ofType("ready").isEmpty());
            socket.send("{\"type\":\"ping\"}");
            await().atMost(WAIT).until(() -> !socket.ofType("pong").isEmpty());
            socket.send("{\"type\":\"subscribe\",\"businessId\":" + business + "}");
            await().atMost(WAIT).until(() -> socket.closeCode != null);
            assertThat(socket.closeCode).isEqualTo(1008);
            assertThat(socket.closeReason).isEqualTo("forbidden");
        }
        try (WsClient silent = WsClient.connect(urlA, null)) {
            await().atMost(WAIT).until(() -> silent.closeCode != null);
            assertThat(silent.closeCode).isEqualTo(1008);
            assertThat(silent.closeReason).isEqualTo("auth_timeout");
        }
        try (WsClient bad = WsClient.connect(urlA, "not-a-token-at-all")) {
            await().atMost(WAIT).until(() -> bad.closeCode != null);
            assertThat(bad.closeCode).isEqualTo(1008);
        }
    }

    @Test
    void webSocketNegotiatesPermessageDeflateWhenOffered() throws Exception {
        try (Socket socket = new Socket("localhost", port(nodeA))) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(line.toLowerCase());
            }
            assertThat(head.get(0)).contains("101");
            assertThat(head).anyMatch(h -> h.startsWith("sec-websocket-extensions:") && h.contains("permessage-deflate"));
        }
    }

    @Test
    void adminStreamPushesMetricsAndRefusesOthers() {
        try (SseClient stream = SseClient.open(urlA, "/api/admin/events", ADMIN_TOKEN, null)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            await().atMost(WAIT).until(() -> !stream.events("metrics").isEmpty());
            JsonNode metrics = stream.events("metrics").get(0).json();
            assertThat(metrics.at("/payload/realtime/sseConnections").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(metrics.at("/payload/summary/traffic").isObject()).isTrue();
        }
        Api.SignedUp user = apiA.signUp("Not Admin");
        try (SseClient refused = SseClient.open(urlA, "/api/admin/events", user.token(), null)) {
            assertThat(refused.response.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void anAlertRaisedOnOneNodeIsPushedToAdminsOnEveryNode() {
        try (SseClient stream = SseClient.open(urlB, "/api/admin/events", ADMIN_TOKEN, null)) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            Alert alert = new Alert("alert-1", "burn_rate:content:page", "burn_rate", "page", "content",
                    "content burns its error budget 20x too fast", 20.0, 14.4, Alert.FIRING,
                    Instant.parse("2026-12-04T10:00:00Z"), Instant.parse("2026-12-04T10:00:00Z"), null, "node-a");
            nodeA.getBeansOfType(AlertListener.class).values().forEach(listener -> listener.onAlert(alert));

            await().atMost(WAIT).until(() -> !stream.events("alert").isEmpty());
            JsonNode pushed = stream.events("alert").get(0).json();
            assertThat(pushed.at("/type").asString()).isEqualTo("alert");
            assertThat(pushed.at("/payload/key").asString()).isEqualTo("burn_rate:content:page");
            assertThat(pushed.at("/payload/severity").asString()).isEqualTo("page");
            assertThat(pushed.at("/payload/nodeId").asString()).isEqualTo("node-a");
        }
    }

    @Test
    void connectionsBeyondThePerUserLimitAre429OverSseAnd1013OverWebSocket() {
        Api.SignedUp owner = apiA.signUp("Limit Owner");
        long business = apiA.createBusiness(owner.token(), "Limit Co", "2001-02-03T04:05:06Z");
        String path = "/api/businesses/" + business + "/events";
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(SseClient.open(urlA, path, owner.token(), null));
                assertThat(open.get(i).response.statusCode()).isEqualTo(200);
            }
            try (SseClient fourth = SseClient.open(urlA, path, owner.token(), null)) {
                assertThat(fourth.response.statusCode()).isEqualTo(429);
                assertThat(fourth.response.headers().firstValue("Retry-After")).isPresent();
            }
            try (WsClient socket = WsClient.connect(urlA, owner.token())) {
                await().atMost(WAIT).until(() -> socket.closeCode != null);
                assertThat(socket.closeCode).isEqualTo(1013);
            }
            // Another node counts its own connections.
            try (SseClient elsewhere = SseClient.open(urlB, path, owner.token(), null)) {
                assertThat(elsewhere.response.statusCode()).isEqualTo(200);
            }
        } finally {
            open.forEach(SseClient::close);
        }
        EventHub hub = nodeA.getBean(EventHub.class);
        await().atMost(WAIT).until(() -> hub.subscribers("business:" + business) == 0);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shutdownClosesWebSocketsWith1001AndEndsSseStreams() {
        Api.SignedUp owner = apiB.signUp("Shutdown Owner");
        long business = apiB.createBusiness(owner.token(), "Shutdown Co", "2001-02-03T04:05:06Z");
        try (SseClient stream = SseClient.open(urlB, "/api/businesses/" + business + "/events", owner.token(), null);
                WsClient socket = WsClient.connect(urlB, owner.token())) {
            await().atMost(WAIT).until(() -> !socket.ofType("ready").isEmpty() && !stream.frames.isEmpty());
            nodeB.close();
            await().atMost(WAIT).until(() -> socket.closeCode != null && stream.ended());
            assertThat(socket.closeCode).isEqualTo(1001);
        }
    }
}
