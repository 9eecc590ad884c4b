package com.corpastro.backend;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.testing.EmbeddedPostgresServer;

/** The API on a real PostgreSQL server started by the test. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "corp-astro.admin.token=" + ApiContractTests.ADMIN_TOKEN,
                "corp-astro.http.endpoint-types.auth.limit=" + ApiContractTests.SIGN_UPS_PER_MINUTE })
class PostgresApiTest extends ApiContractTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        String url = server.createDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", server::username);
        registry.add("spring.datasource.password", () -> "");
    }
}
