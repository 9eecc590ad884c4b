package com.corpastro.backend.content;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.testing.EmbeddedPostgresServer;

/** The expired-content cleanup on a real PostgreSQL server: the same batched DELETE as on H2. */
class ClearExpiredContentPostgresTest extends ClearExpiredContentTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        String url = server.createDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", server::username);
        registry.add("spring.datasource.password", () -> "");
    }
}
