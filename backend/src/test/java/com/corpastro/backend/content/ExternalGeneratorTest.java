package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Postgres;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * External content generation over real HTTP against a local OpenAI-compatible stub server and
 * real PostgreSQL: the stub's text is served as {@code source: external}; a failing or hanging
 * stub gives built-in content; repeated failures open the circuit, which closes again after the
 * wait once the stub recovers; an answer longer than the limit gives built-in content.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "corp-astro.content.generator.model=test-model",
        "corp-astro.content.generator.api-key=test-key",
        "corp-astro.content.generator.timeout=500ms",
        "corp-astro.content.generator.max-answer-size=4KB",
        "corp-astro.content.generator.retry-attempts=2",
        "corp-astro.content.generator.retry-backoff=10ms",
        "corp-astro.content.generator.circuit-breaker.window=4",
        "corp-astro.content.generator.circuit-breaker.failure-rate-threshold=50",
        "corp-astro.content.generator.circuit-breaker.wait-in-open=1s",
        "corp-astro.content.generator.circuit-breaker.half-open-calls=1" })
class ExternalGeneratorTest {

    private static final String STUB_TEXT = "The stars favour steady growth for your team this day.";
    private static final String LARGE_TEXT = "Growth. ".repeat(625);
    private static final Stub STUB = Stub.start();
    private static final AtomicInteger DAYS = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Postgres.newDatabase(registry);
        registry.add("corp-astro.content.generator.url", STUB::url);
    }

    @AfterAll
    static void stopStub() {
        STUB.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    ContentWriter writer;

    @Autowired
    JdbcClient jdbc;

    private Api api;
    private String token;
    private long businessId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        token = api.signUp("Stub Owner").token();
        businessId = api.createBusiness(token, "Orbit Labs", "2015-03-20T09:00:00Z");
        STUB.mode.set(Mode.OK);
        STUB.requests.clear();
        circuit().reset();
    }

    @Test
    void theExternalGeneratorsTextIsServedAndStoredAsExternal() {
        Response first = content(LocalDate.of(2030, 1, 1));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("body").asString()).isEqualTo(STUB_TEXT);
        assertThat(first.json().get("source").asString()).isEqualTo("external");
        assertThat(STUB.requests).hasSize(1);
        Request request = STUB.requests.get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.authorization()).isEqualTo("Bearer test-key");
        JsonNode body = JsonMapper.builder().build().readTree(request.body());
        assertThat(body.get("model").asString()).isEqualTo("test-model");
        assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
        assertThat(body.get("messages").get(1).get("role").asString()).isEqualTo("user");
        assertThat(body.get("messages").get(1).get("content").asString())
                .contains("Orbit Labs", "Tuesday 1 January 2030", "The Sun stands at", "The Moon is");
        // The sky is the one the prompt's facts were written from: its highlighted aspects are the prompt's.
        JsonNode sky = first.json().get("sky");
        assertThat(sky.get("at").asString()).isEqualTo("2030-01-01T12:00:00Z");
        assertThat(sky.get("transits").size()).isEqualTo(7);
        List<String> described = new ArrayList<>();
        Matcher matcher = SkyTest.HIGHLIGHT.matcher(body.get("messages").get(1).get("content").asString());
        while (matcher.find()) {
            described.add(matcher.group(1).toLowerCase(Locale.ROOT) + " " + SkyTest.VERBS.get(matcher.group(2)) + " "
                    + matcher.group(3).toLowerCase(Locale.ROOT));
        }
        assertThat(sky.get("aspects").valueStream().filter(a -> a.get("highlighted").asBoolean())
                .map(a -> a.get("transit").asString() + " " + a.get("type").asString() + " " + a.get("natal").asString())
                .toList()).isEqualTo(described);

        Response again = content(LocalDate.of(2030, 1, 1));
        assertThat(again.json().get("fromCache").asBoolean()).isTrue();
        assertThat(again.json().get("source").asString()).isEqualTo("external");
        assertThat(again.json().get("sky")).isEqualTo(sky);
        assertThat(STUB.requests).as("served from the cache, not generated again").hasSize(1);
        assertThat(jdbc.sql("SELECT source FROM content WHERE business_id = ?").param(businessId)
                .query(String.class).single()).isEqualTo("external");
    }

    @Test
    void aGeneratorAnswering500IsRetriedAndBuiltinContentIsServed() {
        STUB.mode.set(Mode.ERROR);

        Response response = content(LocalDate.of(2030, 2, 1));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("source").asString()).isEqualTo("builtin");
        assertThat(response.json().get("body").asString()).startsWith("Daily horoscope for Orbit Labs");
        assertThat(STUB.requests).as("first attempt and one retry").hasSize(2);
        assertThat(jdbc.sql("SELECT source FROM content WHERE business_id = ?").param(businessId)
                .query(String.class).single()).isEqualTo("builtin");
    }

    @Test
    void anAnswerLongerThanTheLimitIsAFailedCallAndBuiltinContentIsServed() {
        // A valid answer whose text (5,000 characters) the content column could hold, past the 4 KB limit:
        // streamed without a length, the client finds out while reading; with one, before reading.
        STUB.mode.set(Mode.LARGE);
        Response streamed = content(LocalDate.of(2030, 4, 1));
        STUB.mode.set(Mode.LARGE_DECLARED);
        Response declared = content(LocalDate.of(2030, 4, 2));

        for (Response response : List.of(streamed, declared)) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("source").asString()).isEqualTo("builtin");
        }
        assertThat(STUB.requests).as("too long an answer is not retried").hasSize(2);
    }

    @Test
    void aHangingGeneratorTimesOutAndBuiltinContentIsServedWithoutWaitingForIt() {
        STUB.mode.set(Mode.HANG);

        Response response = content(LocalDate.of(2030, 3, 1));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("source").asString()).isEqualTo("builtin");
        // The stub still holds every call it received: the answer did not wait for any of them.
        assertThat(STUB.hanging.get()).isEqualTo(STUB.requests.size()).isPositive();
        STUB.releaseHanging();
    }

    @Test
    void repeatedFailuresOpenTheCircuitAndItClosesAfterTheWaitOnceTheGeneratorRecovers() {
        STUB.mode.set(Mode.ERROR);
        // Window 4, threshold 50%: two generations of two failed attempts each open the circuit.
        assertThat(nextDay().json().get("source").asString()).isEqualTo("builtin");
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(nextDay().json().get("source").asString()).isEqualTo("builtin");
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        int calls = STUB.requests.size();
        Response whileOpen = nextDay();
        assertThat(whileOpen.status()).isEqualTo(200);
        assertThat(whileOpen.json().get("source").asString()).isEqualTo("builtin");
        assertThat(STUB.requests).as("an open circuit sends nothing to the generator").hasSize(calls);
        Response health = api.get("/actuator/health", null);
        assertThat(health.json().at("/components/contentGenerator/status").asString()).isEqualTo("DEGRADED");
        assertThat(health.status()).isEqualTo(200);

        STUB.mode.set(Mode.OK);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "external".equals(nextDay().json().get("source").asString()));
        assertThat(circuit().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(api.get("/actuator/health", null).json().at("/components/contentGenerator/status").asString())
                .isEqualTo("UP");
    }

    private CircuitBreaker circuit() {
        return writer.circuitBreaker().orElseThrow();
    }

    private Response nextDay() {
        return content(LocalDate.of(2031, 1, 1).plusDays(DAYS.incrementAndGet()));
    }

    private Response content(LocalDate date) {
        return api.get("/api/businesses/" + businessId + "/content/daily_horoscope?date=" + date, token);
    }

    enum Mode { OK, ERROR, HANG, LARGE, LARGE_DECLARED }

    record Request(String path, String authorization, String body) {
    }

    /** A local server answering {@code POST /v1/chat/completions} as OpenAI does, or failing as told. */
    static final class Stub {

        final HttpServer server;
        final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
        final CopyOnWriteArrayList<Request> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger hanging = new AtomicInteger();
        volatile CountDownLatch release = new CountDownLatch(1);

        private Stub(HttpServer server) {
            this.server = server;
        }

        static Stub start() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                Stub stub = new Stub(server);
                server.createContext("/", stub::handle);
                server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
                server.start();
                return stub;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void releaseHanging() {
            release.countDown();
            release = new CountDownLatch(1);
        }

        void stop() {
            release.countDown();
            server.stop(0);
        }

        private void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            switch (mode.get()) {
                case OK -> send(exchange, 200, completion(STUB_TEXT));
                case LARGE -> {
                    // Chunked, without Content-Length: the client only finds out while reading.
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, 0);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(completion(LARGE_TEXT).getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        // the client stopped reading
                    }
                }
                case LARGE_DECLARED -> {
                    try {
                        send(exchange, 200, completion(LARGE_TEXT));
                    } catch (IOException e) {
                        // the client refused the answer on its Content-Length
                    }
                }
                case ERROR -> send(exchange, 500, "{\"error\":{\"message\":\"upstream failure\",\"type\":\"server_error\"}}");
                case HANG -> {
                    hanging.incrementAndGet();
                    CountDownLatch latch = release;
                    try {
                        latch.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    hanging.decrementAndGet();
                    exchange.close();
                }
            }
        }

        private static String completion(String text) {
            return """
                    {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"test-model",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":100,"completion_tokens":12,"total_tokens":112}}""".formatted(text);
        }

        private static void send(HttpExchange exchange, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
