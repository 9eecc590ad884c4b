package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;

class DatabaseOptimizerH2Test {

    private final JdbcDataSource dataSource = h2();
    private final DatabaseOptimizer optimizer = DatabaseOptimizer.builder(dataSource).build();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    private static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:optimizer_" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        new JdbcTemplate(dataSource).execute("create table items (id int primary key, name varchar(50))");
        return dataSource;
    }

    @Test
    void longQueryIsCancelledByTheDatabaseAtTheTimeout() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> optimizer.executeQuery(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("with recursive r(n) as (select 1 union all"
                            + " select n + 1 from r where n < 100000000) select count(*) from r")) {
                rs.next();
                return rs.getLong(1);
            }
        }, QueryOptions.defaults().withTimeout(Duration.ofMillis(500)))).isInstanceOf(QueryTimeoutException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void transactionCommitsOrRollsBackAsAWhole() {
        optimizer.executeInTransaction(connection -> jdbc.update("insert into items values (1, 'kept')"),
                TxOptions.defaults().withTimeout(Duration.ofSeconds(5)));

        assertThatThrownBy(() -> optimizer.executeInTransaction(connection -> {
            jdbc.update("insert into items values (2, 'dropped')");
            return jdbc.update("insert into items values (1, 'duplicate')");
        })).isInstanceOf(DuplicateKeyException.class);

        assertThat(jdbc.queryForList("select name from items order by id", String.class)).containsExactly("kept");
    }

    @Test
    void uniqueViolationIsNotRetried() {
        jdbc.update("insert into items values (5, 'first')");
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> optimizer.executeQuery(connection -> {
            attempts.incrementAndGet();
            return jdbc.update("insert into items values (5, 'again')");
        }, QueryOptions.defaults().withRetries(3))).isInstanceOf(DuplicateKeyException.class);

        assertThat(attempts).hasValue(1);
    }
}
