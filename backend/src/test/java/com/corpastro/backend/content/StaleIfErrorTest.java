package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.testing.EmbeddedPostgresServer;

/**
 * stale-if-error over real HTTP on a PostgreSQL server of its own, which the test stops: content
 * whose cache entry expired is still served, marked {@code X-Cache: STALE}; content never cached,
 * or cached from a business revision that has since changed, is a 503 {@code database_unavailable}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "corp-astro.content.cache-ttl=1s",
        // Without it the response cache answers for max-age=60 (plus TTL jitter), as long as the await below.
        "corp-astro.http.response-cache.ttl=2s",
        "corp-astro.content.max-staleness=1h",
        "spring.datasource.hikari.connection-timeout=500",
        "corp-astro.db.retry.max-retries=1" })
@DirtiesContext
class StaleIfErrorTest {

    private static final EmbeddedPostgresServer POSTGRES = EmbeddedPostgresServer.start();

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        String url = POSTGRES.createDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopPostgres() {
        POSTGRES.close(); // idempotent: the test already stopped it
    }

    @LocalServerPort
    int port;

    @Test
    void whileTheDatabaseIsDownExpiredContentIsServedStaleAndUncachedContentIs503() {
        Api api = new Api(port);
        String token = api.signUp("Stale Owner").token();
        long cached = api.createBusiness(token, "Cached Co", "2010-05-05T12:00:00Z");
        long neverRequested = api.createBusiness(token, "Never Asked Ltd", "2012-07-07T12:00:00Z");
        long changed = api.createBusiness(token, "Renamed Inc", "2014-09-09T12:00:00Z");
        String cachedPath = "/api/businesses/" + cached + "/content/daily_horoscope?date=2026-11-26";
        String neverPath = "/api/businesses/" + neverRequested + "/content/daily_horoscope?date=2026-11-26";
        String changedPath = "/api/businesses/" + changed + "/content/daily_horoscope?date=2026-11-26";

        Response fresh = api.get(cachedPath, token);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.headers().firstValue("X-Cache")).isEmpty();
        assertThat(api.get(changedPath, token).status()).isEqualTo(200);
        // A business change must drop the last good copy too: it was written from the old chart.
        assertThat(api.send("PATCH", "/api/businesses/" + changed, token, "application/json",
                "{\"foundedAt\":\"1999-01-01T00:00:00Z\"}").status()).isEqualTo(200);
        // The businesses themselves are in the application cache (10 minutes), as after any recent read.
        assertThat(api.get("/api/businesses/" + neverRequested, token).status()).isEqualTo(200);
        assertThat(api.get("/api/businesses/" + changed, token).status()).isEqualTo(200);

        POSTGRES.close();

        // The cache entries live 1-2 s; from then on the database is asked, fails, and the last good copy answers.
        Response stale = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(cachedPath, token), response -> response.headers().firstValue("X-Cache")
                        .filter("STALE"::equals).isPresent());
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(fresh.body().replace("\"fromCache\":false", "\"fromCache\":true"));
        assertThat(stale.headers().firstValue("Cache-Control")).hasValue("private, no-cache");

        for (String path : new String[] {neverPath, changedPath}) {
            Response unavailable = api.get(path, token);
            assertThat(unavailable.status()).as(path).isEqualTo(503);
            assertThat(unavailable.contentType()).startsWith("application/problem+json");
            assertThat(unavailable.json().get("code").asString()).isEqualTo("database_unavailable");
            assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("5");
        }
        Response write = api.post("/api/businesses", token,
                "{\"name\":\"Late Co\",\"foundedAt\":\"2020-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":2}");
        assertThat(write.status()).isEqualTo(503);
        assertThat(write.json().get("code").asString()).isEqualTo("database_unavailable");

        // GraphQL's batched content answers the same way: the last good copy, else database_unavailable.
        String query = "{\"query\":\"{ cached: business(id: \\\"" + cached + "\\\") { content(type: daily_horoscope,"
                + " date: \\\"2026-11-26\\\") { body fromCache } } }\"}";
        Response graphql = api.post("/graphql", token, query);
        assertThat(graphql.status()).as(graphql.body()).isEqualTo(200);
        assertThat(graphql.json().get("data").get("cached").get("content").get("body").asString())
                .isEqualTo(fresh.json().get("body").asString());
        Response graphqlUnavailable = api.post("/graphql", token, query.replace("cached: business(id: \\\"" + cached,
                "cached: business(id: \\\"" + neverRequested));
        assertThat(graphqlUnavailable.json().get("errors").get(0).get("extensions").get("code").asString())
                .isEqualTo("database_unavailable");
    }
}
