package com.corpastro.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.db.DatabaseOptimizer;

/** The comparison mode: the same service with corp-astro.performance.enabled=false. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:off;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "corp-astro.performance.enabled=false" })
class OptimizationsOffTest {

    @LocalServerPort
    int port;

    @Autowired
    CacheManager cache;

    @Autowired
    DatabaseOptimizer database;

    @Test
    void everyReadGoesToTheDatabaseWithoutCachingCompressionEtagsOrLimits() {
        Api api = new Api(port);
        for (int i = 0; i < 12; i++) {
            // More sign-ups than the auth limit (10 a minute) allows when the optimizations are on.
            assertThat(api.post("/api/users", null, "{\"email\":\"off" + i + "@example.com\",\"name\":\"Off\"}")
                    .status()).isEqualTo(201);
        }
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Plain Co", "2010-10-10T10:10:00Z");
        String path = "/api/businesses/" + id + "/content/monthly_outlook?date=2026-11-25";

        Response first = api.get(path, owner.token());
        Response second = api.get(path, owner.token());
        Response third = api.get(path, owner.token());

        assertThat(first.json().get("fromCache").asBoolean()).isFalse();
        // Not in any cache: the stored row is read from the database every time.
        assertThat(second.json().get("fromCache").asBoolean()).isTrue();
        assertThat(third.headers().firstValue("Server-Timing").orElse("")).doesNotContain("response-cache");
        assertThat(third.headers().firstValue("ETag")).isEmpty();
        assertThat(third.headers().firstValue("RateLimit-Policy")).isEmpty();
        assertThat(cache.stats().hits()).isZero();
        // Statements set and restore their timeout around them, as before one-trip statements.
        assertThat(database.oneTripStatements()).isFalse();
        // Monitoring stays on in both modes.
        assertThat(third.headers().firstValue("X-Request-Id")).isPresent();
    }
}
