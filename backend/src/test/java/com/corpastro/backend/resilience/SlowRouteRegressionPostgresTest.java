package com.corpastro.backend.resilience;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Postgres;

/** The slowed-route report on a real PostgreSQL server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FakeClockMonitor.class)
class SlowRouteRegressionPostgresTest extends SlowRouteRegressionContract {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        properties(registry);
        Postgres.newDatabase(registry);
    }
}
