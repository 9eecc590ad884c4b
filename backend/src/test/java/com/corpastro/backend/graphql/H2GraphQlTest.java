package com.corpastro.backend.graphql;

import org.springframework.boot.test.context.SpringBootTest;

/** The GraphQL endpoint on H2 in PostgreSQL mode. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:graphql;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "corp-astro.admin.token=" + GraphQlContractTests.ADMIN_TOKEN,
        "corp-astro.demo.enabled=false",
        "corp-astro.http.endpoint-types.auth.limit=10000" })
class H2GraphQlTest extends GraphQlContractTests {
}
