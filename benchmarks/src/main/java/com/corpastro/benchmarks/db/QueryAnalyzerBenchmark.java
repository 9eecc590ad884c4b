package com.corpastro.benchmarks.db;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.corpastro.performance.db.QueryAnalyzer;
import com.corpastro.performance.monitor.PerformanceMonitor;

/**
 * What the query analyzer adds to one JDBC statement, against a driver that answers at once (so only
 * the analyzer's own work is measured): statistics per fingerprint ({@code monitor=none}) and, as the
 * auto-configuration connects them, also a point in the performance monitor's {@code database_query}
 * series ({@code monitor=recorded}). The monitor's recorder is made once per fingerprint, so the
 * difference is the cost of recording one point.
 *
 * <pre>{@code
 * benchmarks/run.sh QueryAnalyzerBenchmark
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueryAnalyzerBenchmark {

    @Param({"none", "recorded"})
    public String monitor;

    private QueryAnalyzer analyzer;
    private PerformanceMonitor performanceMonitor;
    private Connection connection;
    private PreparedStatement statement;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        analyzer = QueryAnalyzer.builder().explain(false).build();
        performanceMonitor = PerformanceMonitor.builder().build();
        if (monitor.equals("recorded")) {
            analyzer.observe(performanceMonitor::databaseQueryRecorder);
        }
        connection = analyzer.wrap(new InstantDataSource()).getConnection();
        statement = connection.prepareStatement("update businesses set name = ? where id = ?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        statement.close();
        connection.close();
        analyzer.close();
        performanceMonitor.close();
    }

    @Benchmark
    public int statement() throws SQLException {
        statement.setString(1, "Orion");
        statement.setLong(2, 7);
        return statement.executeUpdate();
    }

    /** A data source whose statements do nothing and report one row changed. */
    private static final class InstantDataSource implements DataSource {

        @Override
        public Connection getConnection() {
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "prepareStatement" -> preparedStatement();
                        case "isClosed", "isReadOnly" -> false;
                        case "getAutoCommit", "isValid" -> true;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    });
        }

        private static PreparedStatement preparedStatement() {
            return (PreparedStatement) Proxy.newProxyInstance(QueryAnalyzerBenchmark.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "executeUpdate" -> 1;
                        case "execute", "isClosed" -> false;
                        case "getUpdateCount" -> 1;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    });
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
