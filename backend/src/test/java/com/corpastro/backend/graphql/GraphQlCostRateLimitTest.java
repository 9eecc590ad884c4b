package com.corpastro.backend.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;

/**
 * A GraphQL call takes its cost from the caller's "graphql" bucket, not one token: here 300 cost
 * units a minute, so one list of 20 businesses with content (223) fits once a minute while cheap
 * queries still pass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:graphql-cost;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "corp-astro.demo.enabled=false",
        "corp-astro.http.endpoint-types.graphql.limit=300" })
class GraphQlCostRateLimitTest {

    private static final String EXPENSIVE = "{ me { businesses { items { content(type: daily_horoscope, date: \"2026-02-03\") { body } } } } }";

    @LocalServerPort
    int port;

    @Test
    void aCallTakesItsComplexityFromTheCallersBucket() {
        Api api = new Api(port);
        SignedUp user = api.signUp("Spender");
        SignedUp other = api.signUp("Saver");
        api.createBusiness(user.token(), "Only Shop", "2011-06-01T08:00:00Z");

        Response first = api.post("/graphql", user.token(), GraphQlContractTests.body(EXPENSIVE, Map.of()));
        Response second = api.post("/graphql", user.token(), GraphQlContractTests.body(EXPENSIVE, Map.of()));
        Response cheap = api.post("/graphql", user.token(), GraphQlContractTests.body("{ me { id } }", Map.of()));
        Response othersBucket = api.post("/graphql", other.token(), GraphQlContractTests.body(EXPENSIVE, Map.of()));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(GraphQlContractTests.codes(first)).isEmpty();
        assertThat(second.status()).as(second.body()).isEqualTo(429);
        assertThat(GraphQlContractTests.codes(second)).containsExactly("rate_limited");
        assertThat(second.json().has("data")).isFalse();
        assertThat(second.headers().firstValue("Retry-After").map(Long::parseLong)).hasValueSatisfying(
                seconds -> assertThat(seconds).isBetween(1L, 60L));
        assertThat(second.json().get("errors").get(0).get("message").asString()).contains("costs 223");
        assertThat(cheap.status()).isEqualTo(200);
        assertThat(othersBucket.status()).as("every caller has its own bucket").isEqualTo(200);
    }
}
