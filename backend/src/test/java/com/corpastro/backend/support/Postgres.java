package com.corpastro.backend.support;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.corpastro.testing.EmbeddedPostgresServer;

/** Points a Spring test context at a new database of the shared embedded PostgreSQL server. */
public final class Postgres {

    private Postgres() {
    }

    /** Registers {@code spring.datasource.*} for a fresh database; call from a {@code @DynamicPropertySource}. */
    public static void newDatabase(DynamicPropertyRegistry registry) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        String url = server.createDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", server::username);
        registry.add("spring.datasource.password", () -> "");
    }
}
