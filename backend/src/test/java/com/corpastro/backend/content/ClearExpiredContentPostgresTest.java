package com.corpastro.backend.content;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Postgres;

/** The expired-content cleanup on a real PostgreSQL server: the same batched DELETE as on H2. */
class ClearExpiredContentPostgresTest extends ClearExpiredContentTest {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.newDatabase(registry);
    }
}
