package com.corpastro.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The performance system's HTTP layer as configured for Corp Astro, with the production limits. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties =
        "spring.datasource.url=jdbc:h2:mem:http;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1")
class HttpLayerTest {

    @LocalServerPort
    int port;

    @Test
    void theEleventhSignUpInAMinuteIsRateLimited() {
        Api api = new Api(port);
        for (int i = 0; i < 10; i++) {
            Response ok = api.post("/api/users", null, "{\"email\":\"rate" + i + "@example.com\",\"name\":\"R\"}");
            assertThat(ok.status()).isEqualTo(201);
            assertThat(ok.headers().firstValue("RateLimit-Policy").orElse("")).contains("\"auth\";q=10;w=60");
        }
        Response limited = api.post("/api/users", null, "{\"email\":\"rate10@example.com\",\"name\":\"R\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        JsonNode problem = JsonMapper.builder().build().readTree(limited.body());
        assertThat(problem.get("code").asString()).isEqualTo("rate_limited");
        assertThat(problem.get("requestId").asString()).isEqualTo(limited.headers().firstValue("X-Request-Id").orElseThrow());
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        // A header the client made up does not buy a new bucket: the peer is not a trusted proxy.
        Response spoofed = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/users"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", "203.0.113.9")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"rate11@example.com\",\"name\":\"R\"}")));
        assertThat(spoofed.status()).isEqualTo(429);
    }

    @Test
    void templatesAreCompressedTaggedAndRevalidated() {
        URI template = URI.create("http://localhost:" + port + "/api/templates/weekly_forecast_template");
        Response plain = send(HttpRequest.newBuilder(template).GET());
        String etag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(plain.headers().firstValue("Cache-Control").orElse("")).contains("public").contains("max-age");
        assertThat(plain.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(plain.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(plain.headers().firstValue("Referrer-Policy")).isPresent();
        assertThat(plain.headers().firstValue("Server-Timing").orElse("")).contains("total");
        assertThat(plain.headers().firstValue("X-Cache-Tags")).isEmpty();

        Response notModified = send(HttpRequest.newBuilder(template).header("If-None-Match", etag)
                .header("Accept-Encoding", "br").GET());
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
    }

    @Test
    void requestsTomcatRejectsBeforeTheApplicationAreProblemJsonToo() throws Exception {
        // An encoded slash is refused by Tomcat itself, before any filter or controller runs.
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /api/templates/a%2Fb HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(raw).startsWith("HTTP/1.1 400");
            assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(raw).contains("\"code\":\"bad_request\"").doesNotContain("<html").doesNotContain("Tomcat");
        }
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
