package com.corpastro.backend.content;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Postgres;

/** The daily generation quota on a real PostgreSQL server: the same statements as on H2. */
class GenerationQuotaPostgresTest extends GenerationQuotaTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.newDatabase(registry);
    }
}
