package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

class QueryAnalyzerPostgresTest {

    private static HikariDataSource pool;
    private static QueryAnalyzer analyzer;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startDatabase() {
        pool = Postgres.newDatabase();
        Postgres.execute(pool,
                "create table big (id int primary key, name text, city text)",
                "insert into big select i, 'name-' || i, 'city-' || (i % 100) from generate_series(1, 50000) i",
                "analyze big");
        analyzer = QueryAnalyzer.builder()
                .slowQueryThreshold(Duration.ZERO)
                .nPlusOneThreshold(5)
                .largeTableRows(10_000)
                .build();
        DataSource dataSource = analyzer.wrap(pool);
        jdbc = new JdbcTemplate(dataSource);
    }

    @BeforeEach
    void reset() {
        analyzer.reset();
    }

    @AfterAll
    static void close() {
        analyzer.close();
        pool.close();
    }

    @Test
    void nPlusOnePatternIsReportedWithItsRoute() {
        try (QueryScope scope = analyzer.openScope("GET /api/businesses")) {
            List<Integer> ids = jdbc.queryForList("select id from big where id <= 20 order by id", Integer.class);
            for (int id : ids) {
                jdbc.queryForObject("select name from big where id = ?", String.class, id);
            }
            scope.route("GET /api/businesses/{city}");
        }

        QueryStatistics statistics = analyzer.statistics(10);
        assertThat(statistics.recentNPlusOne()).singleElement().satisfies(incident -> {
            assertThat(incident.route()).isEqualTo("GET /api/businesses/{city}");
            assertThat(incident.fingerprint()).isEqualTo("select name from big where id = ?");
            assertThat(incident.executions()).isEqualTo(20);
        });
        assertThat(statistics.top()).filteredOn(s -> s.fingerprint().equals("select name from big where id = ?"))
                .singleElement().satisfies(s -> {
                    assertThat(s.count()).isEqualTo(20);
                    assertThat(s.nPlusOneRequests()).isEqualTo(1);
                });
    }

    @Test
    void repeatsWithinTheThresholdAreNotReported() {
        try (QueryScope scope = analyzer.openScope("GET /api/few")) {
            for (int id = 1; id <= 5; id++) {
                jdbc.queryForObject("select name from big where id = ?", String.class, id);
            }
        }

        assertThat(analyzer.statistics(10).recentNPlusOne()).isEmpty();
    }

    @Test
    void explainFlagsSequentialScanOnLargeUnindexedFilter() {
        jdbc.queryForList("select id from big where city = ?", Integer.class, "city-7");

        FingerprintStats stats = await().atMost(Duration.ofSeconds(10)).until(
                () -> find("select id from big where city = ?"), s -> s != null && !s.findings().isEmpty());

        assertThat(stats.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.table()).isEqualTo("big");
            assertThat(finding.tableRows()).isGreaterThanOrEqualTo(10_000);
            assertThat(finding.filter()).contains("city");
            assertThat(finding.suggestion()).contains("CREATE INDEX ON big (city)");
        });
    }

    @Test
    void indexedLookupHasNoFinding() {
        jdbc.queryForObject("select name from big where id = ?", String.class, 42);
        jdbc.queryForList("select id from big where city = ?", Integer.class, "city-8");

        // The unindexed query is explained after the indexed one (single EXPLAIN thread, in order).
        await().atMost(Duration.ofSeconds(10)).until(() -> find("select id from big where city = ?"),
                s -> s != null && !s.findings().isEmpty());
        assertThat(find("select name from big where id = ?").findings()).isEmpty();
    }

    @Test
    void statisticsGroupStatementsByFingerprint() {
        for (int i = 0; i < 30; i++) {
            jdbc.queryForObject("select count(*) from big where id < " + (i * 10) + " and name <> 'x'", Long.class);
        }
        jdbc.update("update big set city = city where id in (1, 2, 3)");

        QueryStatistics statistics = analyzer.statistics(50);
        FingerprintStats select = find("select count(*) from big where id < ? and name <> ?");
        assertThat(select.count()).isEqualTo(30);
        assertThat(select.totalMillis()).isPositive();
        assertThat(select.maxMillis()).isGreaterThanOrEqualTo(select.p95Millis());
        assertThat(select.p95Millis()).isGreaterThanOrEqualTo(0);
        assertThat(find("update big set city = city where id in (?+)").rows()).isEqualTo(3);
        assertThat(statistics.statements()).isEqualTo(31);
        assertThat(statistics.slowStatements()).isEqualTo(31);
        assertThat(statistics.top().get(0).totalMillis())
                .isGreaterThanOrEqualTo(statistics.top().get(statistics.top().size() - 1).totalMillis());
    }

    private static FingerprintStats find(String fingerprint) {
        return analyzer.statistics(1_000).top().stream().filter(s -> s.fingerprint().equals(fingerprint))
                .findFirst().orElse(null);
    }
}
