package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;
import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;

class DatabaseOptimizerAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, PerformanceCacheAutoConfiguration.class,
                    DatabaseOptimizerAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:autoconfig;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
                    "spring.datasource.username=sa");

    @Test
    void oneTripStatementsAreOnByDefaultAndOffWithTheirSwitch() {
        contextRunner.run(context -> assertThat(context.getBean(DatabaseOptimizer.class).oneTripStatements()).isTrue());
        contextRunner.withPropertyValues("corp-astro.db.one-trip-statements=false")
                .run(context -> assertThat(context.getBean(DatabaseOptimizer.class).oneTripStatements()).isFalse());
    }

    @Test
    void everythingIsOnByDefaultAndTheDataSourceIsWatched() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(DatabaseOptimizer.class).hasSingleBean(QueryAnalyzer.class)
                    .hasSingleBean(QueryResultCache.class).hasSingleBean(DbPool.class)
                    .hasSingleBean(DbHealthIndicator.class);
            DataSource dataSource = context.getBean(DataSource.class);
            assertThat(dataSource).isInstanceOf(ProxyDataSource.class);
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            assertThat(hikari.getMaximumPoolSize()).isEqualTo(Runtime.getRuntime().availableProcessors() * 2 + 1);
            assertThat(hikari.getLeakDetectionThreshold()).isEqualTo(30_000);

            int answer = context.getBean(DatabaseOptimizer.class)
                    .executeQuery(c -> new JdbcTemplate(dataSource).queryForObject("select 41 + 1", Integer.class));

            assertThat(answer).isEqualTo(42);
            assertThat(context.getBean(QueryAnalyzer.class).statistics(10).top())
                    .anySatisfy(s -> assertThat(s.fingerprint()).isEqualTo("select ? + ?"));
            assertThat(context.getBean(DbPool.class).snapshot().max()).isEqualTo(hikari.getMaximumPoolSize());
            assertThat(context.getBean(DbHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void poolSizeFollowsExplicitSettings() {
        contextRunner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=7").run(context ->
                assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(7));
        contextRunner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=7", "corp-astro.db.pool.maximum-size=3")
                .run(context -> assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class)
                        .getMaximumPoolSize()).isEqualTo(3));
    }

    @Test
    void poolMetersGoToMicrometer() {
        contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            try (Connection connection = context.getBean(DataSource.class).getConnection()) {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                assertThat(registry.get("hikaricp.connections.active").gauge().value()).isEqualTo(1);
                assertThat(registry.find("hikaricp.connections.pending").gauge()).isNotNull();
                assertThat(registry.find("hikaricp.connections.idle").gauge()).isNotNull();
                assertThat(registry.find("hikaricp.connections.timeout").counter()).isNotNull();
                assertThat(context.getBean(DbPool.class).snapshot().active()).isEqualTo(1);
            }
        });
    }

    @Test
    void switchedOffLeavesTheDataSourceAlone() {
        contextRunner.withPropertyValues("corp-astro.db.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(DatabaseOptimizer.class).doesNotHaveBean(QueryAnalyzer.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
        });
    }

    @Test
    void analyzerCanBeSwitchedOffAlone() {
        contextRunner.withPropertyValues("corp-astro.db.analyzer.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(DatabaseOptimizer.class).doesNotHaveBean(QueryAnalyzer.class);
            assertThat(context.getBean(DataSource.class)).isInstanceOf(GuardedDataSource.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwn() {
        contextRunner.withUserConfiguration(OwnOptimizer.class).run(context ->
                assertThat(context.getBean(DatabaseOptimizer.class)).isSameAs(context.getBean("ownOptimizer")));
    }

    @Test
    void propertiesBindWithTheirDocumentedNames() {
        contextRunner.withPropertyValues("corp-astro.db.analyzer.n-plus-one-threshold=3",
                "corp-astro.db.analyzer.slow-query-threshold=250ms", "corp-astro.db.retry.max-retries=1")
                .run(context -> {
                    DbProperties properties = context.getBean(DbProperties.class);
                    assertThat(properties.getAnalyzer().getNPlusOneThreshold()).isEqualTo(3);
                    assertThat(properties.getAnalyzer().getSlowQueryThreshold()).hasMillis(250);
                    assertThat(properties.getRetry().getMaxRetries()).isEqualTo(1);
                });
    }

    @Test
    void badPropertyFailsWithTheValueInTheMessage() {
        contextRunner.withPropertyValues("corp-astro.db.query-timeout=-1s").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("corp-astro.db.query-timeout must be > 0, was PT-1S"));
        contextRunner.withPropertyValues("corp-astro.db.pool.maximum-size=0").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("maximum-size must be >= 1, was 0"));
    }

    @Test
    void aHealthyDatabaseUnderManyMoreConcurrentCallsThanConnectionsRefusesNone() {
        // The load test's 48 users reading uncached content: with room for only 20 waiting checkouts
        // beyond a pool of 5, most were refused with 503 although the database answered every query.
        contextRunner.withPropertyValues("corp-astro.db.pool.maximum-size=5").run(context -> {
            DataSource dataSource = context.getBean(DataSource.class);
            int callers = 48;
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        try (Connection connection = dataSource.getConnection();
                                java.sql.Statement statement = connection.createStatement()) {
                            statement.execute("select count(*) from system_range(1, 20000)");
                        }
                    } catch (DatabaseCallRefusedException e) {
                        refused.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(refused).hasValue(0);
        });
    }

    @Test
    void theDataSourceIsGuardedWithTimeoutsACircuitBreakerAndABulkheadByDefault() {
        contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            DataSource dataSource = context.getBean(DataSource.class);
            GuardedDataSource guard = dataSource.unwrap(GuardedDataSource.class);
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            assertThat(hikari.getConnectionTimeout()).isEqualTo(2_000);
            assertThat(hikari.getValidationTimeout()).isEqualTo(1_000);
            assertThat(hikari.getMinimumIdle()).as("no background refill while the database is down").isZero();
            assertThat(guard.circuitBreaker().getName()).isEqualTo("database");
            assertThat(guard.circuitBreaker().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                    .isEqualTo(2_000);
            assertThat(guard.bulkhead().getBulkheadConfig().getMaxConcurrentCalls())
                    .isEqualTo(hikari.getMaximumPoolSize() + 200);
            try (Connection connection = dataSource.getConnection();
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("select 1");
                assertThat(statement.getQueryTimeout()).as("the default statement timeout").isEqualTo(5);
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // Spring Boot's metrics auto-configuration binds every MeterBinder bean; here the test does.
            context.getBean("corpAstroDatabaseGuardMetrics", io.micrometer.core.instrument.binder.MeterBinder.class)
                    .bindTo(registry);
            assertThat(registry.get("resilience4j.circuitbreaker.state").tag("name", "database").tag("state", "closed")
                    .gauge().value()).isEqualTo(1);
            assertThat(registry.find("resilience4j.bulkhead.available.concurrent.calls").tag("name", "database")
                    .gauge()).isNotNull();
            assertThat(context.getBean(DbHealthIndicator.class).health().getDetails()).containsEntry("circuit", "CLOSED");
        });
    }

    @Test
    void timeoutsAndGuardFollowTheirSettings() {
        contextRunner.withPropertyValues("corp-astro.db.connection-timeout=1s", "corp-astro.db.statement-timeout=3s",
                "corp-astro.db.circuit-breaker.wait-in-open=500ms", "corp-astro.db.bulkhead.max-waiting-calls=4",
                "corp-astro.db.pool.maximum-size=3").run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    GuardedDataSource guard = dataSource.unwrap(GuardedDataSource.class);
                    assertThat(dataSource.unwrap(HikariDataSource.class).getConnectionTimeout()).isEqualTo(1_000);
                    assertThat(guard.circuitBreaker().getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState()
                            .apply(1)).isEqualTo(500);
                    assertThat(guard.bulkhead().getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(7);
                    try (Connection connection = dataSource.getConnection();
                            java.sql.Statement statement = connection.createStatement()) {
                        statement.execute("select 1");
                        assertThat(statement.getQueryTimeout()).isEqualTo(3);
                    }
                });
        // Spring's own pool setting wins over the default.
        contextRunner.withPropertyValues("spring.datasource.hikari.connection-timeout=1500").run(context ->
                assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class).getConnectionTimeout())
                        .isEqualTo(1_500));
    }

    @Test
    void theGuardCanBeSwitchedOff() {
        contextRunner.withPropertyValues("corp-astro.db.circuit-breaker.enabled=false",
                "corp-astro.db.bulkhead.enabled=false", "corp-astro.db.statement-timeout=0").run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(dataSource.isWrapperFor(GuardedDataSource.class)).isFalse();
                    assertThat(context.getBean(DbHealthIndicator.class).health().getDetails())
                            .doesNotContainKey("circuit");
                });
        contextRunner.withPropertyValues("corp-astro.db.circuit-breaker.enabled=false").run(context -> {
            GuardedDataSource guard = context.getBean(DataSource.class).unwrap(GuardedDataSource.class);
            assertThat(guard.circuitBreaker()).isNull();
            assertThat(guard.bulkhead()).isNotNull();
        });
    }

    @Test
    void onPostgresqlTheDriverGetsConnectAndSocketTimeoutsUnlessTheUrlSetsThem() {
        // The pool starts on the first connection only, so no server is needed to see its settings.
        contextRunner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                "corp-astro.db.socket-timeout=1500ms").run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
                    assertThat(hikari.getDataSourceProperties()).containsEntry("connectTimeout", "2")
                            .containsEntry("socketTimeout", "2").containsEntry("cancelSignalTimeout", "2")
                            .containsEntry("options", "-c statement_timeout=5000");
                    // Known from the URL: no server answers on port 1, so asking it would find nothing.
                    assertThat(org.springframework.jdbc.support.SQLErrorCodesFactory.getInstance()
                            .getErrorCodes(dataSource).getBadSqlGrammarCodes()).contains("42P01");
                });
        contextRunner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                "spring.datasource.hikari.data-source-properties.socketTimeout=30").run(context ->
                assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class).getDataSourceProperties())
                        .containsEntry("socketTimeout", "30"));
        contextRunner.run(context -> assertThat(context.getBean(DataSource.class).unwrap(HikariDataSource.class)
                .getDataSourceProperties()).as("not on H2").doesNotContainKey("socketTimeout"));
    }

    @Test
    void badTimeoutAndGuardSettingsFailWithTheValueInTheMessage() {
        contextRunner.withPropertyValues("corp-astro.db.connection-timeout=100ms").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("corp-astro.db.connection-timeout must be >= 250ms (HikariCP's least), was PT0.1S"));
        contextRunner.withPropertyValues("corp-astro.db.statement-timeout=-1s").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("corp-astro.db.statement-timeout must be >= 0, was PT-1S"));
        contextRunner.withPropertyValues("corp-astro.db.circuit-breaker.failure-rate-threshold=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("failure-rate-threshold must be in (0, 100], was 0.0"));
        contextRunner.withPropertyValues("corp-astro.db.circuit-breaker.wait-in-open=0s").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("corp-astro.db.circuit-breaker.wait-in-open must be > 0, was PT0S"));
        contextRunner.withPropertyValues("corp-astro.db.bulkhead.max-waiting-calls=-1").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("corp-astro.db.bulkhead.max-waiting-calls must be >= 0, was -1"));
    }

    @Test
    void servletApplicationsGetTheRequestScopeFilter() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DatabaseOptimizerAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:web;DB_CLOSE_DELAY=-1")
                .run(context -> assertThat(context.getBean("queryScopeFilter", FilterRegistrationBean.class).getFilter())
                        .isInstanceOf(QueryScopeFilter.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnOptimizer {

        @Bean
        DatabaseOptimizer ownOptimizer(DataSource dataSource) {
            return DatabaseOptimizer.builder(dataSource).build();
        }
    }
}
