package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;

class BulkInsertPostgresTest {

    record Business(String externalId, String name, LocalDate foundedAt, double latitude) {
    }

    private static HikariDataSource dataSource;
    private static DatabaseOptimizer optimizer;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startDatabase() {
        dataSource = Postgres.newDatabase();
        optimizer = DatabaseOptimizer.builder(dataSource).build();
        jdbc = new JdbcTemplate(dataSource);
    }

    @BeforeEach
    void freshTable() {
        Postgres.execute(dataSource, "drop table if exists businesses",
                "create table businesses (id bigserial primary key, external_id text not null unique,"
                        + " name text, founded_at date, latitude double precision)");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void hundredThousandRowsWithDuplicatesReportExactCounts() {
        for (int i = 0; i < 1_000; i++) {
            jdbc.update("insert into businesses (external_id, name) values (?, 'already here')", "ext-" + i);
        }
        List<Business> rows = new ArrayList<>(100_000);
        for (int i = 0; i < 95_000; i++) {
            rows.add(new Business("ext-" + i, "Business \"" + i + "\", Ltd", LocalDate.of(2000, 1, 1).plusDays(i % 9000),
                    (i % 180) - 90));
        }
        for (int i = 0; i < 5_000; i++) {
            rows.add(new Business("ext-" + i, "repeat", null, 0));
        }

        BulkResult result = optimizer.bulkInsert("businesses", rows, BulkOptions.defaults().ignoringDuplicates("externalId"));

        // 95,000 distinct ids, 1,000 of them already in the table; 5,000 repeats within the input.
        assertThat(result).isEqualTo(new BulkResult(94_000, 6_000));
        assertThat(Postgres.count(dataSource, "select count(*) from businesses")).isEqualTo(95_000);
        assertThat(Postgres.count(dataSource, "select count(*) from businesses where name = 'already here'")).isEqualTo(1_000);
        assertThat(Postgres.count(dataSource, "select count(*) from businesses where name = 'repeat'")).isZero();
        assertThat(jdbc.queryForObject("select name from businesses where external_id = 'ext-94999'", String.class))
                .isEqualTo("Business \"94999\", Ltd");
        assertThat(jdbc.queryForObject("select founded_at from businesses where external_id = 'ext-1001'", LocalDate.class))
                .isEqualTo(LocalDate.of(2000, 1, 1).plusDays(1001));
    }

    @Test
    void mapsGoStraightInWithCopy() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("external_id", "m-1");
        row.put("name", null);
        row.put("LATITUDE", 12.5);

        BulkResult result = optimizer.bulkInsert("public.BUSINESSES", List.of(row), BulkOptions.defaults());

        assertThat(result).isEqualTo(new BulkResult(1, 0));
        assertThat(jdbc.queryForMap("select name, latitude from businesses where external_id = 'm-1'"))
                .containsEntry("name", null).containsEntry("latitude", 12.5);
    }

    @Test
    void duplicateWithoutIgnoreFailsAndWritesNothing() {
        List<Map<String, Object>> rows = List.of(Map.of("external_id", "d-1"), Map.of("external_id", "d-2"),
                Map.of("external_id", "d-1"));

        assertThatThrownBy(() -> optimizer.bulkInsert("businesses", rows, BulkOptions.defaults()))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(Postgres.count(dataSource, "select count(*) from businesses")).isZero();
    }

    @Test
    void namesThatAreNotInTheCatalogAreRejected() {
        List<Map<String, Object>> rows = List.of(Map.of("external_id", "x"));

        assertThatThrownBy(() -> optimizer.bulkInsert("businesses; drop table businesses", rows, BulkOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown table");
        assertThatThrownBy(() -> optimizer.bulkInsert("businesses",
                List.of(Map.of("external_id) select 1; --", "x")), BulkOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown column");
        assertThat(Postgres.count(dataSource, "select count(*) from businesses")).isZero();
    }
}
