package com.corpastro.backend.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;
import com.corpastro.backend.support.TokenLookups;
import com.corpastro.performance.db.QueryAnalyzer;

/**
 * Invented bearer tokens cannot make the database look them up: malformed ones are refused without
 * a lookup, well-formed ones draw on the client IP's token-lookup bucket (60 a minute by default)
 * and are then remembered as unknown. Measured with the query analyzer's count of the token SELECT.
 * Its own context (the database name), so no other test class shares the buckets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:token-lookups;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "corp-astro.demo.enabled=false" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenLookupLimitTest {

    private static final int REQUESTS = 5_000;
    private static final long DEFAULT_LOOKUPS_PER_MINUTE = 60;

    @LocalServerPort
    int port;

    @Autowired
    QueryAnalyzer queries;

    @Autowired
    AuthProperties properties;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    @Order(1)
    void malformedTokensNeverReachTheDatabase() throws Exception {
        assertThat(properties.getTokenLookupsPerMinute()).isEqualTo(DEFAULT_LOOKUPS_PER_MINUTE);
        long before = tokenSelects();
        List<Response> responses = sendWithTokens(i -> switch (i % 4) {
            case 0 -> randomToken().substring(1); // 42 characters
            case 1 -> randomToken() + "A"; // 44
            case 2 -> randomToken().substring(0, 42) + "B"; // a last character no 32 bytes encode
            default -> randomToken().substring(0, 20) + "+" + randomToken().substring(21); // not URL-safe
        });

        assertThat(tokenSelects() - before).isZero();
        assertThat(responses).extracting(Response::status).containsOnly(401, 429);
        assertThat(responses).filteredOn(r -> r.status() == 401)
                .allSatisfy(r -> assertThat(r.json().get("code").asString()).isEqualTo("invalid_token"));
    }

    @Test
    @Order(2)
    void randomTokensCostAtMostTheBucketInLookupsAndAreThenRefusedWith429() throws Exception {
        long before = tokenSelects();
        long started = System.nanoTime();
        List<Response> responses = sendWithTokens(i -> randomToken());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;

        long selects = tokenSelects() - before;
        // The bucket holds 60 and refills one a second while the requests run.
        assertThat(selects).isPositive().isLessThanOrEqualTo(DEFAULT_LOOKUPS_PER_MINUTE + seconds);
        List<Response> refused = responses.stream().filter(r -> r.status() == 429
                && r.json().get("detail").asString().contains("token lookups")).toList();
        assertThat(refused).hasSizeGreaterThan(REQUESTS - 200);
        Response problem = refused.get(refused.size() - 1);
        assertThat(problem.contentType()).startsWith("application/problem+json");
        assertThat(problem.json().get("code").asString()).isEqualTo("rate_limited");
        assertThat(problem.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                retryAfter -> assertThat(retryAfter).isBetween(1L, 60L));
        assertThat(problem.body()).doesNotContain("Exception");
    }

    @Test
    @Order(3)
    void aNewUsersTokenWorksAtOnceWhileTheAddressMayLookUpNoMoreTokens() {
        SignedUp user = api.signUp("Fresh");
        // Empty the bucket (it refills one a second), then use the new token for the first time.
        Response refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Response response = api.get("/api/users/me", randomToken());
            if (response.status() == 429 && response.json().get("detail").asString().contains("token lookups")) {
                refused = response;
            }
        }
        assertThat(refused).isNotNull();

        Response me = api.get("/api/users/me", user.token());

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("id").asLong()).isEqualTo(user.id());
    }

    /** {@value #REQUESTS} requests from this client, each with the token {@code tokens} gives for its index. */
    private List<Response> sendWithTokens(IntFunction<String> tokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String token = tokens.apply(i);
                futures.add(pool.submit(() -> api.get("/api/users/me", token)));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private long tokenSelects() {
        return TokenLookups.tokenSelects(queries);
    }

    private static String randomToken() {
        return TokenLookups.randomToken();
    }
}
