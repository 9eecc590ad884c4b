package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.testing.MutableClock;

/**
 * The whole HTTP layer against a running service, through a real HTTP client: compression
 * negotiation, ETags and 304s, the response cache, rate limits, timing and security headers.
 */
class HttpLayerIntegrationTest {

    private static ConfigurableApplicationContext context;
    private static HttpClients http;
    private static HttpTestApplication.Calls calls;

    @BeforeAll
    static void start() {
        context = new SpringApplicationBuilder(HttpTestApplication.class).properties(HttpTestApplication.PROPERTIES).run();
        http = new HttpClients(((WebServerApplicationContext) context).getWebServer().getPort());
        calls = context.getBean(HttpTestApplication.Calls.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @ParameterizedTest
    @CsvSource({
            "br, br",
            "zstd, zstd",
            "gzip, gzip",
            "identity, identity",
            "'br;q=0.5, gzip;q=0.9, zstd;q=0.1', gzip",
            "'gzip, zstd', zstd",
            "'*', br",
            "'br;q=0, *;q=0.3', zstd",
            "'compress, deflate', identity",
    })
    void negotiatesTheCodingAndTheBodyDecompressesToTheSameBytes(String acceptEncoding, String expected) {
        byte[] identity = http.get("/api/large", "Accept-Encoding", "identity").body();

        HttpResponse<byte[]> response = http.get("/api/large", "Accept-Encoding", acceptEncoding);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding").orElse("identity")).isEqualTo(expected);
        assertThat(response.headers().firstValue("Vary").orElse("")).contains("Accept-Encoding");
        assertThat(HttpClients.decode(response)).isEqualTo(identity);
        if (!expected.equals("identity")) {
            assertThat(response.body().length).isLessThan(identity.length / 2);
            assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length);
        }
    }

    @Test
    void doesNotCompressSmallBodiesNoTransformOrHead() {
        HttpResponse<byte[]> small = http.get("/api/small", "Accept-Encoding", "br, gzip");
        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();

        HttpResponse<byte[]> noTransform = http.get("/api/no-transform", "Accept-Encoding", "br, gzip");
        assertThat(noTransform.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(noTransform.body(), StandardCharsets.UTF_8)).startsWith("raw line 0");

        HttpResponse<byte[]> head = http.send(http.request("/api/large").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept-Encoding", "br"));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(head.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).startsWith("W/\""));
        assertThat(head.body()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({ "br", "zstd", "gzip", "identity" })
    void matchingIfNoneMatchGives304InEveryCoding(String coding) {
        HttpResponse<byte[]> first = http.get("/api/large", "Accept-Encoding", coding);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(http.get("/api/large", "Accept-Encoding", "gzip").headers().firstValue("ETag")).hasValue(etag);

        HttpResponse<byte[]> revalidated = http.get("/api/large", "Accept-Encoding", coding, "If-None-Match", etag);

        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(revalidated.headers().firstValue("ETag")).hasValue(etag);
        assertThat(http.get("/api/large", "Accept-Encoding", coding, "If-None-Match", "W/\"other\"").statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({ "br", "zstd", "gzip", "identity" })
    void cachedResponseIs304InEveryCodingWithoutCallingTheController(String coding) {
        String path = "/api/templates/etag-" + coding;
        String etag = http.get(path, "Accept-Encoding", "br").headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> revalidated = http.get(path, "Accept-Encoding", coding, "If-None-Match", etag);

        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(calls.get("template:etag-" + coding)).isEqualTo(1);
    }

    @Test
    void responseCacheHitDoesNotInvokeTheControllerAndServesEveryCoding() {
        HttpResponse<byte[]> first = http.get("/api/templates/daily", "Accept-Encoding", "gzip");
        assertThat(first.headers().firstValue("Cache-Control"))
                .hasValue("public, max-age=300, stale-while-revalidate=60");
        byte[] identity = HttpClients.decode(first);

        for (String coding : new String[] { "br", "zstd", "gzip", "identity" }) {
            HttpResponse<byte[]> hit = http.get("/api/templates/daily", "Accept-Encoding", coding);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.headers().firstValue("Content-Encoding").orElse("identity")).isEqualTo(coding);
            assertThat(hit.headers().firstValue("Server-Timing").orElseThrow()).contains("response-cache;desc=\"hit\"");
            assertThat(hit.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
            assertThat(HttpClients.decode(hit)).isEqualTo(identity);
        }
        assertThat(calls.get("template:daily")).isEqualTo(1);
    }

    @Test
    void privateResponseOfOneUserIsNeverServedToAnother() {
        String path = "/api/businesses/7/content/daily_horoscope";
        HttpResponse<byte[]> alice = http.get(path, "Authorization", "Bearer alice", "Accept-Encoding", "br");
        assertThat(alice.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        assertThat(alice.headers().allValues("Vary").toString()).contains("Authorization");

        HttpResponse<byte[]> bob = http.get(path, "Authorization", "Bearer bob", "Accept-Encoding", "br");
        HttpResponse<byte[]> anonymous = http.get(path, "Accept-Encoding", "br");
        HttpResponse<byte[]> aliceAgain = http.get(path, "Authorization", "Bearer alice", "Accept-Encoding", "gzip");

        assertThat(text(bob)).contains("\"for\":\"Bearer bob\"").doesNotContain("alice");
        assertThat(text(anonymous)).contains("\"for\":\"null\"").doesNotContain("alice");
        assertThat(text(aliceAgain)).isEqualTo(text(alice)).contains("\"for\":\"Bearer alice\"");
        assertThat(calls.get("content:7")).isEqualTo(3);
    }

    @Test
    void invalidatingTheEntityPurgesItsCachedResponses() {
        String path = "/api/businesses/8/content/weekly_forecast";
        assertThat(text(http.get(path, "Authorization", "Bearer alice"))).contains("\"call\":1");
        assertThat(text(http.get(path, "Authorization", "Bearer alice"))).contains("\"call\":1");
        assertThat(http.get(path, "Authorization", "Bearer alice").headers().firstValue(
                "X-Cache-Tags")).isEmpty();

        context.getBean(CacheManager.class).invalidateEntity("business", 8);

        assertThat(text(http.get(path, "Authorization", "Bearer alice"))).contains("\"call\":2");
        assertThat(calls.get("content:8")).isEqualTo(2);
    }

    @Test
    void responsesWithSetCookieAreNeverStored() {
        http.get("/api/cookie");
        http.get("/api/cookie");

        assertThat(calls.get("cookie")).isEqualTo(2);
    }

    @Test
    void rateLimitRefusesAfterCapacityWithHeadersAndProblemJson() {
        MutableClock clock = context.getBean(MutableClock.class);
        for (int i = 1; i <= 3; i++) {
            HttpResponse<byte[]> allowed = post("/api/users");
            assertThat(allowed.statusCode()).isEqualTo(201);
            assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"auth\";q=3;w=60");
            String remaining = "\"auth\";r=" + (3 - i) + ";t=";
            assertThat(allowed.headers().firstValue("RateLimit")).hasValueSatisfying(
                    value -> assertThat(value).startsWith(remaining));
        }

        HttpResponse<byte[]> refused = post("/api/users");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("20");
        assertThat(refused.headers().firstValue("RateLimit")).hasValue("\"auth\";r=0;t=20");
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"auth\";q=3;w=60");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(text(refused)).contains("\"type\":\"urn:corp-astro:problem:rate_limited\"", "\"status\":429",
                "\"code\":\"rate_limited\"", "\"title\":\"Too Many Requests\"", "\"instance\":\"/api/users\"");
        assertThat(refused.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        clock.advance(Duration.ofSeconds(20));
        assertThat(post("/api/users").statusCode()).isEqualTo(201);
        assertThat(post("/api/users").statusCode()).isEqualTo(429);
    }

    @Test
    void spoofedForwardedForFromAnUntrustedPeerDoesNotChangeTheKey() {
        assertThat(post("/api/login", "X-Forwarded-For", "203.0.113.1").statusCode()).isEqualTo(200);
        assertThat(post("/api/login", "X-Forwarded-For", "203.0.113.2").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> third = post("/api/login", "X-Forwarded-For", "198.51.100.77");

        assertThat(third.statusCode()).isEqualTo(429);
    }

    @Test
    void securityHeadersArePresentAndHtmlGetsACsp() {
        HttpResponse<byte[]> json = http.get("/api/small");
        assertThat(json.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(json.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(json.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(json.headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(json.headers().firstValue("Strict-Transport-Security")).isEmpty();

        HttpResponse<byte[]> page = http.get("/page", "X-Forwarded-Proto", "https");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("Strict-Transport-Security"))
                .as("X-Forwarded-Proto from an untrusted peer is ignored").isEmpty();

        HttpResponse<byte[]> hit = http.get("/api/templates/headers");
        HttpResponse<byte[]> cachedHit = http.get("/api/templates/headers");
        assertThat(cachedHit.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(cachedHit.headers().allValues("X-Frame-Options")).hasSize(1);
        assertThat(hit.headers().allValues("Cache-Control")).hasSize(1);
        assertThat(cachedHit.headers().allValues("Cache-Control")).hasSize(1);
    }

    @Test
    void everyRequestIsTimedByRouteTemplateIncludingCacheHits() {
        HttpTestApplication.Timings timings = context.getBean(HttpTestApplication.Timings.class);
        http.get("/api/templates/timed");
        HttpResponse<byte[]> hit = http.get("/api/templates/timed");

        assertThat(hit.headers().firstValue("X-Response-Time")).hasValueSatisfying(
                value -> assertThat(value).matches("\\d+\\.\\dms"));
        assertThat(hit.headers().firstValue("Server-Timing")).hasValueSatisfying(
                value -> assertThat(value).matches("total;dur=\\d+\\.\\d.*"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                timings.seen.stream().filter(t -> t.route().equals("/api/templates/{key}")).count())
                .isGreaterThanOrEqualTo(2));
        assertThat(timings.seen).anySatisfy(t -> {
            assertThat(t.route()).isEqualTo("/api/templates/{key}");
            assertThat(t.method()).isEqualTo("GET");
            assertThat(t.status()).isEqualTo(200);
        });
    }

    @Test
    void servesHttp2CleartextThroughTheSameFilters() throws Exception {
        java.net.http.HttpClient h2c = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        HttpRequest request = http.request("/api/large").header("Accept-Encoding", "zstd").GET().build();
        h2c.send(request, HttpResponse.BodyHandlers.ofByteArray());

        HttpResponse<byte[]> response = h2c.send(request, HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("zstd");
        assertThat(HttpClients.decode(response)).isEqualTo(http.get("/api/large").body());
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void asynchronousResponsesPassThroughAndAreTimedWhenTheyComplete() {
        HttpTestApplication.Timings timings = context.getBean(HttpTestApplication.Timings.class);

        HttpResponse<byte[]> response = http.get("/api/async", "Accept-Encoding", "br");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).contains("async line 0");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(timings.seen)
                .anySatisfy(t -> assertThat(t.route()).isEqualTo("/api/async")));
    }

    @Test
    void adminResponsesAreNotStored() {
        assertThat(http.get("/api/admin/stats").headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private static HttpResponse<byte[]> post(String path, String... headers) {
        HttpRequest.Builder request = http.request(path).POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(HttpClients.decode(response), StandardCharsets.UTF_8);
    }
}
