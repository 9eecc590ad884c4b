package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

class DbHealthIndicatorTest {

    @Test
    void upWhenSelectOneAnswers() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:health_up");

        Health health = new DbHealthIndicator(h2, Duration.ofSeconds(2)).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsKey("responseTimeMs");
    }

    @Test
    void downWhenNoConnectionComesWithinTheBound() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:health_exhausted;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(10_000);
        try (HikariDataSource pool = new HikariDataSource(config); Connection held = pool.getConnection()) {
            long started = System.nanoTime();

            Health health = new DbHealthIndicator(pool, Duration.ofMillis(300)).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString()).contains("within PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void downWhenTheDatabaseFails() {
        JdbcDataSource missing = new JdbcDataSource();
        missing.setURL("jdbc:h2:mem:health_missing;IFEXISTS=TRUE");

        assertThat(new DbHealthIndicator(missing, Duration.ofSeconds(2)).health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void degradedWhileTheDatabaseAnswersButItsCircuitIsStillOpen() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:health_circuit");
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("database");
        DbHealthIndicator indicator = new DbHealthIndicator(h2, Duration.ofSeconds(2), breaker);
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

        breaker.transitionToOpenState();
        Health open = indicator.health();
        assertThat(open.getStatus()).isEqualTo(DbHealthIndicator.DEGRADED);
        assertThat(open.getDetails()).containsEntry("circuit", "OPEN");

        breaker.transitionToHalfOpenState();
        assertThat(indicator.health().getStatus()).isEqualTo(DbHealthIndicator.DEGRADED);
    }

    @Test
    void downWhenTheDatabaseFailsWhateverTheCircuitSays() {
        JdbcDataSource missing = new JdbcDataSource();
        missing.setURL("jdbc:h2:mem:health_circuit_missing;IFEXISTS=TRUE");
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("database");
        breaker.transitionToOpenState();

        Health health = new DbHealthIndicator(missing, Duration.ofSeconds(2), breaker).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("circuit", "OPEN");
    }
}
