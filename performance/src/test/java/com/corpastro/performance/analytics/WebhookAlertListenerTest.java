package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

class WebhookAlertListenerTest {

    private static final Alert ALERT = new Alert("a1b2", "burn_rate:content:page", "burn_rate", "page", "content",
            "Objective content burns", 50, 14.4, Alert.FIRING, Instant.parse("2026-12-01T10:00:00Z"),
            Instant.parse("2026-12-01T10:00:00Z"), null, "node-1");

    private HttpServer server;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestHeaders().getFirst("Idempotency-Key") + " " + body);
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 503 : 204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private WebhookAlertListener listener(int attempts) {
        return new WebhookAlertListener(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook"),
                JsonMapper.builder().build(), executor, attempts, Duration.ofMillis(10), Duration.ofSeconds(2));
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameIdempotencyKeyUntilItSucceeds() {
        failuresLeft.set(2);

        listener(3).onAlert(ALERT);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(3));
        assertThat(received).allSatisfy(request -> {
            assertThat(request).startsWith("a1b2 {");
            assertThat(request).contains("\"key\":\"burn_rate:content:page\"", "\"severity\":\"page\"",
                    "\"firedAt\":\"2026-12-01T10:00:00Z\"");
        });
    }

    @Test
    void deliveryStopsAfterTheConfiguredAttempts() {
        failuresLeft.set(10);

        listener(2).onAlert(ALERT);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(2));
        // The executor runs one task at a time: a third attempt would be queued behind this look.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(received).hasSize(2));
    }

    @Test
    void theSameAlertIsDeliveredOnce() {
        WebhookAlertListener listener = listener(3);

        listener.onAlert(ALERT);
        listener.onAlert(ALERT);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received).hasSize(1));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(received).hasSize(1));
    }

    @Test
    void aUrlThatIsNotHttpFailsWithTheValue() {
        assertThatThrownBy(() -> new WebhookAlertListener(URI.create("ftp://example.com/x"), JsonMapper.builder().build(),
                executor, 1, Duration.ofMillis(10), Duration.ofSeconds(1)))
                .hasMessage("corp-astro.analytics.alert-webhook-url must be an http(s) URL, was 'ftp://example.com/x'");
    }
}
