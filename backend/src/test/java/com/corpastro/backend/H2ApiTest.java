package com.corpastro.backend;

import org.springframework.boot.test.context.SpringBootTest;

/** The API on the embedded default database engine, H2 in PostgreSQL mode. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "corp-astro.admin.token=" + ApiContractTests.ADMIN_TOKEN,
        "corp-astro.http.endpoint-types.auth.limit=" + ApiContractTests.SIGN_UPS_PER_MINUTE })
class H2ApiTest extends ApiContractTests {
}
