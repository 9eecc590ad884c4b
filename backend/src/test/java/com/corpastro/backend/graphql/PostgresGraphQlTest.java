package com.corpastro.backend.graphql;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Postgres;

/** The GraphQL endpoint on a real PostgreSQL server started by the test. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "corp-astro.admin.token=" + GraphQlContractTests.ADMIN_TOKEN,
        "corp-astro.http.endpoint-types.auth.limit=10000" })
class PostgresGraphQlTest extends GraphQlContractTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.newDatabase(registry);
    }
}
