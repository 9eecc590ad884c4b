package com.corpastro.benchmarks.db;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import com.corpastro.performance.db.BulkOptions;
import com.corpastro.performance.db.BulkResult;
import com.corpastro.performance.db.DatabaseOptimizer;
import com.corpastro.performance.db.QueryAnalyzer;
import com.corpastro.testing.EmbeddedPostgresServer;

/**
 * 100,000 rows into PostgreSQL four ways, in one run: {@code DatabaseOptimizer.bulkInsert} (through
 * the query analyzer's proxy, as the application runs it), a plain JDBC batch, row-by-row inserts
 * (one statement per row, both in one transaction and each committed on its own, the way
 * unbatched application code usually writes) and a raw pgjdbc {@code CopyManager} COPY. Every way
 * starts from an empty table and encodes the same rows inside the measured time.
 *
 * <p>Targets: bulkInsert at least 20x row-by-row and at least 0.8x raw COPY.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar BulkInsertBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class BulkInsertBenchmark {

    private static final int ROWS = 100_000;
    private static final String INSERT =
            "insert into businesses (external_id, name, founded_at, latitude, longitude) values (?, ?, ?, ?, ?)";

    /** One row as the application would hand it over. */
    public record Business(String externalId, String name, LocalDate foundedAt, double latitude, double longitude) {
    }

    private EmbeddedPostgresServer server;
    private SingleConnectionDataSource dataSource;
    private QueryAnalyzer analyzer;
    private DatabaseOptimizer optimizer;
    private List<Business> rows;

    @Setup(Level.Trial)
    public void start() {
        server = EmbeddedPostgresServer.start();
        dataSource = new SingleConnectionDataSource(server.createDatabase(), server.username(), "", true);
        analyzer = QueryAnalyzer.builder().build();
        optimizer = DatabaseOptimizer.builder(analyzer.wrap(dataSource)).build();
        execute("create table businesses (id bigserial primary key, external_id text not null unique, name text,"
                + " founded_at date, latitude double precision, longitude double precision)");
        rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(new Business("ext-" + i, "Business " + i + ", \"Ltd\"", LocalDate.of(1950, 1, 1).plusDays(i % 25_000),
                    (i % 180) - 90 + 0.123456, (i % 360) - 180 + 0.654321));
        }
    }

    @Setup(Level.Iteration)
    public void emptyTable() {
        execute("truncate businesses");
    }

    @TearDown(Level.Trial)
    public void stop() {
        analyzer.close();
        dataSource.destroy();
        server.close();
    }

    @Benchmark
    public BulkResult bulkInsert() {
        return optimizer.bulkInsert("businesses", rows, BulkOptions.defaults());
    }

    @Benchmark
    public long rawCopy() throws Exception {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        StringBuilder csv = new StringBuilder(ROWS * 80);
        for (Business row : rows) {
            csv.append('"').append(row.externalId()).append("\",\"").append(row.name().replace("\"", "\"\""))
                    .append("\",").append(row.foundedAt()).append(',').append(row.latitude()).append(',')
                    .append(row.longitude()).append('\n');
        }
        long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
                "COPY businesses (external_id, name, founded_at, latitude, longitude) FROM STDIN (FORMAT csv)",
                new StringReader(csv.toString()));
        connection.commit();
        connection.setAutoCommit(true);
        return copied;
    }

    @Benchmark
    public long jdbcBatch() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        long inserted = 0;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            int pending = 0;
            for (Business row : rows) {
                bind(statement, row);
                statement.addBatch();
                if (++pending == 1_000) {
                    inserted += statement.executeBatch().length;
                    pending = 0;
                }
            }
            inserted += statement.executeBatch().length;
        }
        connection.commit();
        connection.setAutoCommit(true);
        return inserted;
    }

    @Benchmark
    public long rowByRow() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        long inserted = 0;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (Business row : rows) {
                bind(statement, row);
                inserted += statement.executeUpdate();
            }
        }
        connection.commit();
        connection.setAutoCommit(true);
        return inserted;
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public long rowByRowAutocommit() throws SQLException {
        Connection connection = dataSource.getConnection();
        long inserted = 0;
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            for (Business row : rows) {
                bind(statement, row);
                inserted += statement.executeUpdate();
            }
        }
        return inserted;
    }

    private static void bind(PreparedStatement statement, Business row) throws SQLException {
        statement.setString(1, row.externalId());
        statement.setString(2, row.name());
        statement.setObject(3, row.foundedAt());
        statement.setDouble(4, row.latitude());
        statement.setDouble(5, row.longitude());
    }

    private void execute(String sql) {
        try (Statement statement = dataSource.getConnection().createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
