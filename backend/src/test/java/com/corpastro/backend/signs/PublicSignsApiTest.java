package com.corpastro.backend.signs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Api;
import com.sun.net.httpserver.HttpServer;

/**
 * Public sun-sign readings and admin template changes over real HTTP on H2, with the CDN provider
 * {@code varnish} pointed at a recording HTTP server: the edge keys, the cache headers, the errors,
 * and the purge a template change sends through the outbox.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:signs;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "corp-astro.admin.token=" + PublicSignsApiTest.ADMIN_TOKEN,
        "corp-astro.cdn.provider=varnish" })
class PublicSignsApiTest {

    static final String ADMIN_TOKEN = "signs-admin-token-0123456789abcdef";
    private static final String READING = "/api/public/signs/aries/daily_horoscope?date=2026-03-21";

    private static final List<String> purges = new CopyOnWriteArrayList<>();
    private static final HttpServer edge = recordingEdge();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void purgeUrl(DynamicPropertyRegistry registry) {
        registry.add("corp-astro.cdn.purge-url", () -> "http://127.0.0.1:" + edge.getAddress().getPort() + "/");
    }

    @AfterAll
    static void stopEdge() {
        edge.stop(0);
    }

    private Api api() {
        return new Api(port);
    }

    @Test
    void aReadingIsPublicWithLongerEdgeLifetimeAndItsTemplateAsEdgeKey() {
        Api.Response response = api().get(READING, null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("sign").asString()).isEqualTo("aries");
        assertThat(response.json().get("period").asString()).isEqualTo("2026-03-21");
        assertThat(response.json().get("body").asString()).contains("Aries");
        assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value)
                .startsWith("public, max-age=300").contains("stale-while-revalidate=60", "stale-if-error=86400"));
        assertThat(response.headers().firstValue("CDN-Cache-Control")).hasValueSatisfying(value -> assertThat(value)
                .contains("max-age=86400", "stale-if-error"));
        assertThat(response.headers().firstValue("Surrogate-Key")).contains("template-daily_horoscope_template");
        assertThat(response.headers().firstValue("xkey")).contains("template-daily_horoscope_template");
        assertThat(response.headers().firstValue("Cache-Tag")).contains("template-daily_horoscope_template");
        assertThat(response.headers().firstValue("Edge-Cache-Tag")).contains("template-daily_horoscope_template");
        assertThat(response.headers().allValues("Vary")).noneMatch(value -> value.contains("Authorization"));
    }

    @Test
    void everyCallerGetsTheSameReadingWithOrWithoutAToken() {
        Api.SignedUp user = api().signUp("Sign Reader");
        Api.Response anonymous = api().get("/api/public/signs/leo/weekly_forecast?date=2026-07-30", null);
        Api.Response withToken = api().get("/api/public/signs/leo/weekly_forecast?date=2026-07-30", user.token());
        Api.Response withBadToken = api().get("/api/public/signs/leo/weekly_forecast?date=2026-07-30", "nonsense");

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(withToken.body()).isEqualTo(anonymous.body());
        assertThat(withBadToken.body()).isEqualTo(anonymous.body());
        assertThat(withToken.headers().firstValue("Cache-Control")).isEqualTo(anonymous.headers().firstValue("Cache-Control"));
        assertThat(anonymous.json().get("period").asString()).isEqualTo("2026-07-27");
    }

    @Test
    void signsDifferAndTheSameSignAndPeriodAlwaysReadsTheSame() {
        String aries = api().get(READING, null).json().get("body").asString();
        String pisces = api().get("/api/public/signs/pisces/daily_horoscope?date=2026-03-21", null).json().get("body")
                .asString();

        assertThat(pisces).isNotEqualTo(aries).contains("Pisces");
        assertThat(api().get(READING + "&cb=1", null).json().get("body").asString()).isEqualTo(aries);
    }

    @Test
    void badSignContentTypeOrDateAreProblems() {
        assertProblem(api().get("/api/public/signs/ophiuchus/daily_horoscope?date=2026-03-21", null), 404, "unknown_sign");
        assertProblem(api().get("/api/public/signs/Aries/daily_horoscope", null), 404, "unknown_sign");
        assertProblem(api().get("/api/public/signs/aries/yearly?date=2026-03-21", null), 400, "unknown_content_type");
        assertProblem(api().get("/api/public/signs/aries/daily_horoscope?date=2026-02-30", null), 400, "invalid_date");
        assertProblem(api().get("/api/public/signs/aries/daily_horoscope?date=1800-01-01", null), 400,
                "date_out_of_range");
    }

    @Test
    void withoutADateTheReadingIsTodaysAndNoCacheKeepsItPastMidnight() {
        Api.Response response = api().get("/api/public/signs/virgo/monthly_outlook", null);

        assertThat(response.status()).isEqualTo(200);
        long maxAge = Long.parseLong(response.headers().firstValue("CDN-Cache-Control").orElseThrow()
                .replaceAll(".*max-age=(\\d+).*", "$1"));
        assertThat(maxAge).isLessThanOrEqualTo(86_400);
    }

    @Test
    void privateContentCarriesNoEdgeKeys() {
        Api.SignedUp owner = api().signUp("Edge Owner");
        long id = api().createBusiness(owner.token(), "Edge Ltd", "2001-02-03T04:05:06Z");

        Api.Response content = api().get("/api/businesses/" + id + "/content/daily_horoscope?date=2026-03-21",
                owner.token());

        assertThat(content.status()).isEqualTo(200);
        assertThat(content.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("private"));
        assertThat(content.headers().map().keySet()).noneMatch(name -> List.of("surrogate-key", "xkey", "cache-tag",
                "edge-cache-tag").contains(name.toLowerCase()));
    }

    @Test
    void aTemplateChangeAnswersTheNewVersionDropsCachedCopiesAndPurgesTheEdge() {
        String key = "monthly_outlook_template";
        Api.Response before = api().get("/api/templates/" + key, null);
        String reading = "/api/public/signs/gemini/monthly_outlook?date=2026-06-10";
        assertThat(api().get(reading, null).json().get("body").asString()).doesNotContain("Edge news");
        api().get(reading, null);
        int version = before.json().get("version").asInt();

        Api.Response updated = api().send("PUT", "/api/admin/templates/" + key, ADMIN_TOKEN, "application/json",
                "{\"body\":\"Edge news for {business} in {period}.\\n{sun}\"}");

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("key").asString()).isEqualTo(key);
        assertThat(updated.json().get("version").asInt()).isEqualTo(version + 1);
        assertThat(updated.json().get("body").asString()).startsWith("Edge news for {business}");
        assertThat(updated.json().get("updatedAt").asString()).isNotBlank();
        assertThat(api().get("/api/templates/" + key, null).json().get("version").asInt()).isEqualTo(version + 1);
        assertThat(api().get(reading, null).json().get("body").asString()).startsWith("Edge news for Gemini in June 2026.");
        await().atMost(Duration.ofSeconds(5)).until(() -> purges.contains("template-" + key));
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM cdn_purge_outbox", Long.class) == 0L);
        Api.Response sent = api().get("/actuator/metrics/corp-astro.cdn.purges.sent", ADMIN_TOKEN);
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.json().get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(api().get("/actuator/metrics/corp-astro.cdn.outbox.age", ADMIN_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void aBusinessChangeWritesNoPurgeItsAnswersNeverReachAnEdge() {
        Api.SignedUp owner = api().signUp("Private Owner");
        long id = api().createBusiness(owner.token(), "Private Ltd", "2002-02-02T02:02:02Z");
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM cdn_purge_outbox WHERE purge_key LIKE 'business-%'",
                Long.class);

        Api.Response patched = api().send("PATCH", "/api/businesses/" + id, owner.token(), "application/json",
                "{\"name\":\"Renamed Ltd\"}");

        assertThat(patched.status()).isEqualTo(200);
        assertThat(before).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM cdn_purge_outbox WHERE purge_key LIKE 'business-%'",
                Long.class)).isZero();
    }

    @Test
    void templateChangesAreForAdminsAndValidated() throws Exception {
        Api.SignedUp user = api().signUp("Not Admin");
        String body = "{\"body\":\"x\"}";

        assertThat(api().send("PUT", "/api/admin/templates/daily_horoscope_template", null, "application/json", body)
                .status()).isEqualTo(401);
        assertProblem(api().send("PUT", "/api/admin/templates/daily_horoscope_template", user.token(),
                "application/json", body), 403, "admin_required");
        assertProblem(api().send("PUT", "/api/admin/templates/no_such_template", ADMIN_TOKEN, "application/json", body),
                404, "template_not_found");
        assertProblem(api().send("PUT", "/api/admin/templates/daily_horoscope_template", ADMIN_TOKEN,
                "application/json", "{\"body\":\"  \"}"), 400, "validation_failed");
        assertProblem(api().send("PUT", "/api/admin/templates/daily_horoscope_template", ADMIN_TOKEN,
                "application/json", "{\"body\":\"a\\u0000b\"}"), 400, "validation_failed");
        // Over HTTP/1.1: the JDK client's h2c upgrade carries the body, which Tomcat refuses past 4 KiB.
        HttpResponse<String> tooLong = http11("/api/admin/templates/daily_horoscope_template",
                "{\"body\":\"" + "x".repeat(8001) + "\"}");
        assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"code\":\"validation_failed\"");
    }

    private HttpResponse<String> http11(String path, String json) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo(code);
    }

    private static HttpServer recordingEdge() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                if ("PURGE".equals(exchange.getRequestMethod())) {
                    String keys = exchange.getRequestHeaders().getFirst("xkey-softpurge");
                    if (keys != null) {
                        purges.addAll(List.of(keys.split(" ")));
                    }
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
