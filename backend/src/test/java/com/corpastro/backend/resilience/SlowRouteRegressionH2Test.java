package com.corpastro.backend.resilience;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The slowed-route report on H2 in PostgreSQL mode. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties =
        "spring.datasource.url=jdbc:h2:mem:regression;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1")
@Import(FakeClockMonitor.class)
class SlowRouteRegressionH2Test extends SlowRouteRegressionContract {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        properties(registry);
    }
}
