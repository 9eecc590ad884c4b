package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import com.corpastro.performance.db.internal.StatementShape;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.MonitorSummary.TimingStats;
import com.corpastro.performance.monitor.PerformanceMonitor;

/** Every statement the query analyzer sees reaches the performance monitor's database_query series. */
class DatabaseQueryMetricsTest {

    @Test
    void statementShapeNamesTheOperationAndTable() {
        assertThat(StatementShape.of("select id, name from businesses where owner_id = ? order by id"))
                .isEqualTo(new StatementShape("select", "businesses"));
        assertThat(StatementShape.of("insert into \"public\".\"content\" (id) values (?)"))
                .isEqualTo(new StatementShape("insert", "public.content"));
        assertThat(StatementShape.of("update users set name = ? where id = ?")).isEqualTo(new StatementShape("update", "users"));
        assertThat(StatementShape.of("delete from sessions where id = ?")).isEqualTo(new StatementShape("delete", "sessions"));
        assertThat(StatementShape.of("with recent as (select * from a) select * from recent join b on ?"))
                .isEqualTo(new StatementShape("select", "recent"));
        assertThat(StatementShape.of("select ? + ?")).isEqualTo(new StatementShape("select", "-"));
        assertThat(StatementShape.of("set statement_timeout = ?")).isEqualTo(new StatementShape("other", "-"));
    }

    @Test
    void everyStatementIsRecordedByOperationAndTable() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:db_metrics_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (QueryAnalyzer analyzer = QueryAnalyzer.builder().build();
                PerformanceMonitor monitor = PerformanceMonitor.builder().build()) {
            JdbcTemplate jdbc = new JdbcTemplate(analyzer.wrap(h2));
            jdbc.execute("create table items (id int primary key, name varchar(20))");
            analyzer.observe(monitor::databaseQueryRecorder);

            for (int i = 0; i < 5; i++) {
                jdbc.update("insert into items values (?, ?)", i, "item " + i);
            }
            for (int i = 0; i < 3; i++) {
                jdbc.queryForList("select name from items where id = ?", String.class, i);
            }

            assertThat(monitor.summary(Duration.ofMinutes(1)).slowestQueries())
                    .extracting(TimingStats::name, TimingStats::count)
                    .contains(org.assertj.core.groups.Tuple.tuple("insert items", 5L),
                            org.assertj.core.groups.Tuple.tuple("select items", 3L));
            assertThat(monitor.getMetrics(MetricType.DATABASE_QUERY, Instant.now().minusSeconds(60),
                    Instant.now().plusSeconds(1), Map.of("operation", "select", "model", "items"))).hasSize(3);
        }
    }

    @Test
    void theAutoConfigurationConnectsTheAnalyzerToTheMonitor() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, DatabaseOptimizerAutoConfiguration.class))
                .withBean(PerformanceMonitor.class, () -> PerformanceMonitor.builder().build())
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:db_metrics_auto;DB_CLOSE_DELAY=-1")
                .run(context -> {
                    new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("select 41 + 1", Integer.class);

                    assertThat(context.getBean(PerformanceMonitor.class).summary(Duration.ofMinutes(1))
                            .slowestQueries()).extracting(TimingStats::name).contains("select -");
                });
    }

    @Test
    void recordingInTheMonitorCanBeSwitchedOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DatabaseOptimizerAutoConfiguration.class))
                .withBean(PerformanceMonitor.class, () -> PerformanceMonitor.builder().build())
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:db_metrics_off;DB_CLOSE_DELAY=-1",
                        "corp-astro.db.analyzer.record-in-monitor=false")
                .run(context -> {
                    new JdbcTemplate(context.getBean(DataSource.class)).queryForObject("select 41 + 1", Integer.class);

                    assertThat(context.getBean(PerformanceMonitor.class).summary(Duration.ofMinutes(1))
                            .slowestQueries()).isEmpty();
                });
    }
}
