package com.corpastro.backend;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Postgres;

/** The API on a real PostgreSQL server started by the test. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "corp-astro.admin.token=" + ApiContractTests.ADMIN_TOKEN,
                "corp-astro.http.endpoint-types.auth.limit=" + ApiContractTests.SIGN_UPS_PER_MINUTE })
class PostgresApiTest extends ApiContractTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.newDatabase(registry);
    }
}
