package com.corpastro.performance.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.performance.error.testapp.ProblemTestApplication;
import com.corpastro.performance.monitor.MetricPoint;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP: every error class leaves as problem+json with a code and the request id. */
@SpringBootTest(classes = ProblemTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"corp-astro.error.max-request-body-size=64KB", "corp-astro.memory.enabled=false"})
class ProblemDetailsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    PerformanceMonitor monitor;

    private HttpResponse<String> send(String method, String path, BodyPublisher body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), BodyHandlers.ofString());
    }

    private JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("type").asString()).isEqualTo("urn:corp-astro:problem:" + code);
        assertThat(body.get("title").asString()).isNotBlank();
        String requestId = body.get("requestId").asString();
        assertThat(requestId).isNotBlank();
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(requestId);
        return body;
    }

    @Test
    void unknownRouteIs404EvenForBrowsers() throws Exception {
        JsonNode body = problem(send("GET", "/nope", BodyPublishers.noBody(), "Accept", "text/html"), 404,
                "not_found");
        assertThat(body.get("instance").asString()).isEqualTo("/nope");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        problem(send("DELETE", "/items", BodyPublishers.noBody()), 405, "method_not_allowed");
    }

    @Test
    void unacceptableResponseTypeIs406() throws Exception {
        problem(send("GET", "/items/1", BodyPublishers.noBody(), "Accept", "application/xml"), 406,
                "not_acceptable");
    }

    @Test
    void unsupportedBodyTypeIs415() throws Exception {
        problem(send("POST", "/items", BodyPublishers.ofString("name=x"), "Content-Type", "text/plain"), 415,
                "unsupported_media_type");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        problem(send("POST", "/items", BodyPublishers.ofString("{\"name\": "), "Content-Type", "application/json"),
                400, "malformed_request_body");
    }

    @Test
    void badAndMissingParametersAre400() throws Exception {
        JsonNode body = problem(send("GET", "/items/abc", BodyPublishers.noBody()), 400, "invalid_parameter");
        assertThat(body.get("detail").asString()).contains("'id'", "'abc'");
        problem(send("GET", "/search", BodyPublishers.noBody()), 400, "missing_parameter");
    }

    @Test
    void oversizedBodyIs413WithOrWithoutContentLength() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(100_000) + "\",\"count\":1}";
        problem(send("POST", "/items", BodyPublishers.ofString(big), "Content-Type", "application/json"), 413,
                "payload_too_large");
        BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()));
        problem(send("POST", "/items", chunked, "Content-Type", "application/json"), 413, "payload_too_large");
        // a small body still works
        HttpResponse<String> ok = send("POST", "/items", BodyPublishers.ofString("{\"name\":\"a\",\"count\":2}"),
                "Content-Type", "application/json");
        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void unexpectedErrorsAre500WithoutInternals() throws Exception {
        JsonNode body = problem(send("GET", "/boom", BodyPublishers.noBody()), 500, "internal_error");
        assertThat(body.toString()).doesNotContain("secret");
    }

    @Test
    void anUnreachableDatabaseIs503WithRetryAfter() throws Exception {
        for (String path : List.of("/db-down", "/db-shutdown", "/db-rollback-failed", "/filter-db-down")) {
            HttpResponse<String> response = send("GET", path, BodyPublishers.noBody());
            JsonNode body = problem(response, 503, "database_unavailable");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(body.toString()).doesNotContain("Connection is not available", "administrator");
        }
    }

    @Test
    void badInputTheContainerReportsAsExceptionsIsAClientError() throws Exception {
        HttpResponse<String> bare = send("GET", "/bare-404", BodyPublishers.noBody());
        assertThat(bare.body()).as(bare.headers().map().toString()).isNotEmpty();
        problem(bare, 404, "not_found");
        problem(send("GET", "/search?limit=%C3%28", BodyPublishers.noBody()), 400, "invalid_parameter");
        problem(send("POST", "/items", BodyPublishers.ofString("{}"), "Content-Type", "*/*"), 415,
                "unsupported_media_type");
        problem(send("POST", "/items", BodyPublishers.ofString("--x"), "Content-Type", "multipart/form-data; boundary="),
                400, "malformed_request_body");
    }

    @Test
    void anUnknownHttpVersionIsABadRequest() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /items/1 HTTP/1.2\r\nHost: x\r\n\r\n".getBytes());
            String answer = new String(socket.getInputStream().readAllBytes());
            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json",
                    "\"code\":\"unsupported_http_version\"");
        }
    }

    @Test
    void errorsOutsideControllersAreProblemsToo() throws Exception {
        JsonNode body = problem(send("GET", "/filter-boom", BodyPublishers.noBody()), 500, "internal_error");
        assertThat(body.get("instance").asString()).isEqualTo("/filter-boom");
        assertThat(body.toString()).doesNotContain("filter failed");
        problem(send("GET", "/filter-denied", BodyPublishers.noBody()), 403, "forbidden");
    }

    @Test
    void appErrorsKeepTheirStatusAndCode() throws Exception {
        JsonNode body = problem(send("GET", "/conflict", BodyPublishers.noBody()), 409, "item_exists");
        assertThat(body.get("detail").asString()).isEqualTo("Item 7 exists already.");
    }

    @Test
    void callerRequestIdIsEchoedAndImplausibleOnesReplaced() throws Exception {
        JsonNode body = problem(send("GET", "/nope", BodyPublishers.noBody(), "X-Request-Id", "abc-123"), 404,
                "not_found");
        assertThat(body.get("requestId").asString()).isEqualTo("abc-123");
        HttpResponse<String> ok = send("GET", "/items/3", BodyPublishers.noBody(), "X-Request-Id", "abc-456");
        assertThat(ok.headers().firstValue("X-Request-Id")).hasValue("abc-456");
        JsonNode replaced = problem(send("GET", "/nope", BodyPublishers.noBody(), "X-Request-Id", "<script>"), 404,
                "not_found");
        assertThat(replaced.get("requestId").asString()).matches("[0-9a-f-]{36}");
    }

    @Test
    void errorsAreCountedByRouteAndStatus() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        send("GET", "/items/abc", BodyPublishers.noBody());
        send("GET", "/items/abc", BodyPublishers.noBody());
        send("GET", "/does-not-exist", BodyPublishers.noBody());
        send("GET", "/items/5", BodyPublishers.noBody());

        // A request is recorded after its answer is written: the client can see the answer first.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<MetricPoint> errors = monitor.getMetrics(MetricType.ERROR, start, Instant.now().plusSeconds(1),
                    Map.of("method", "GET"));
            assertThat(errors).extracting(MetricPoint::tags).contains(
                    Map.of("path", "/items/{id}", "method", "GET", "status", "400", "code", "invalid_parameter"),
                    Map.of("path", "UNMATCHED", "method", "GET", "status", "404", "code", "not_found"));
            assertThat(errors.stream().filter(p -> p.tags().get("path").equals("/items/{id}"))).hasSize(2);
            assertThat(monitor.getMetrics(MetricType.RESPONSE_TIME, start, Instant.now().plusSeconds(1),
                    Map.of("path", "/items/{id}", "status", "200"))).hasSize(1);
        });
    }
}
