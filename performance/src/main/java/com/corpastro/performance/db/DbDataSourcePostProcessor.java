package com.corpastro.performance.db;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.SQLErrorCodesFactory;
import org.springframework.util.ClassUtils;

import com.corpastro.performance.autoconfigure.CircuitBreakerProperties;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;

/**
 * Sizes HikariCP pools, sets their timeouts (connection, validation, and on PostgreSQL the driver's
 * connect and socket timeouts) and attaches {@link DbPool} before they start; puts a
 * {@link GuardedDataSource} (circuit breaker {@code database}, bulkhead, statement timeout) in front
 * of every {@link DataSource} bean, and the {@link QueryAnalyzer}'s proxy in front of that. Runs
 * after property binding.
 */
final class DbDataSourcePostProcessor implements BeanPostProcessor, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DbDataSourcePostProcessor.class);
    private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
            DbDataSourcePostProcessor.class.getClassLoader());

    private final Environment environment;
    private final ObjectProvider<QueryAnalyzer> analyzer;
    private final ObjectProvider<MeterRegistry> meterRegistry;
    private final Map<Object, DbPool> pools = new ConcurrentHashMap<>();
    private final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
    private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
    private DbProperties properties;

    DbDataSourcePostProcessor(Environment environment, ObjectProvider<QueryAnalyzer> analyzer,
            ObjectProvider<MeterRegistry> meterRegistry) {
        this.environment = environment;
        this.analyzer = analyzer;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (HIKARI_PRESENT && bean instanceof DataSource) {
            Hikari.configure(bean, this);
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof DataSource dataSource) || bean instanceof ProxyDataSource
                || bean instanceof GuardedDataSource) {
            return bean;
        }
        DataSource wrapped = guard(dataSource, beanName);
        if (properties().getAnalyzer().isEnabled()) {
            QueryAnalyzer queryAnalyzer = analyzer.getIfAvailable();
            if (queryAnalyzer != null) {
                wrapped = queryAnalyzer.wrap(wrapped);
            }
        }
        String product = HIKARI_PRESENT ? Hikari.product(dataSource) : null;
        if (product != null) {
            // Otherwise JdbcTemplate asks the database which it is on its first failure to translate, and
            // again on every failure while it cannot: a second wait for a connection in each request
            // that fails because the database is down.
            SQLErrorCodesFactory.getInstance().registerDatabase(wrapped, product);
        }
        return wrapped;
    }

    /** The circuit breakers of the guarded data sources ({@code database}, then {@code database-<bean>}). */
    CircuitBreakerRegistry circuitBreakers() {
        return circuitBreakers;
    }

    /** The bulkheads of the guarded data sources, named as their circuit breakers. */
    BulkheadRegistry bulkheads() {
        return bulkheads;
    }

    private DataSource guard(DataSource dataSource, String beanName) {
        DbProperties settings = properties();
        CircuitBreakerProperties circuit = settings.getCircuitBreaker();
        DbProperties.Bulkhead bounds = settings.getBulkhead();
        if (!circuit.isEnabled() && !bounds.isEnabled() && settings.getStatementTimeout().isZero()) {
            return dataSource;
        }
        String name = circuitBreakers.getAllCircuitBreakers().isEmpty() && bulkheads.getAllBulkheads().isEmpty()
                ? "database" : "database-" + beanName;
        // PostgreSQL enforces the statement timeout itself (a startup option, see Hikari.configure): a
        // JDBC query timeout there is a cancel request over a new connection, which a hung server
        // never answers, and the statement waits for that cancel.
        GuardedDataSource.Builder guard = GuardedDataSource.builder(dataSource)
                .statementTimeout(HIKARI_PRESENT && Hikari.isPostgresql(dataSource) ? Duration.ZERO
                        : settings.getStatementTimeout());
        if (circuit.isEnabled()) {
            CircuitBreaker breaker = circuit.create(name, circuitBreakers);
            guard.circuitBreaker(breaker);
        }
        int poolSize = 0;
        if (bounds.isEnabled()) {
            poolSize = HIKARI_PRESENT ? Hikari.maximumSize(dataSource) : 0;
            if (poolSize == 0) {
                poolSize = settings.getPool().getMaximumSize() != null ? settings.getPool().getMaximumSize()
                        : Runtime.getRuntime().availableProcessors() * 2 + 1;
            }
            guard.bulkhead(bulkheads.bulkhead(name, BulkheadConfig.custom()
                    .maxConcurrentCalls(poolSize + bounds.getMaxWaitingCalls())
                    .maxWaitDuration(Duration.ZERO)
                    .build()));
        }
        log.info("event=db_guard_configured name={} circuit_breaker={} wait_in_open_ms={} bulkhead_max_calls={} "
                + "statement_timeout_ms={}", name, circuit.isEnabled(), circuit.getWaitInOpen().toMillis(),
                bounds.isEnabled() ? poolSize + bounds.getMaxWaitingCalls() : 0, settings.getStatementTimeout().toMillis());
        return guard.build();
    }

    /** The {@link DbPool} attached to {@code hikari}, if this post-processor saw it. */
    DbPool pool(Object hikari) {
        return pools.get(hikari);
    }

    private DbProperties properties() {
        if (properties == null) {
            properties = Binder.get(environment).bind("corp-astro.db", DbProperties.class).orElseGet(DbProperties::new);
        }
        return properties;
    }

    /** Kept apart so that nothing of HikariCP is loaded when it is not on the class path. */
    private static final class Hikari {

        static void configure(Object bean, DbDataSourcePostProcessor processor) {
            if (!(bean instanceof HikariDataSource hikari) || hikari.getHikariPoolMXBean() != null) {
                return;
            }
            DbProperties.Pool pool = processor.properties().getPool();
            Integer size = pool.getMaximumSize();
            if (size == null && !processor.environment.containsProperty("spring.datasource.hikari.maximum-pool-size")) {
                size = Runtime.getRuntime().availableProcessors() * 2 + 1;
            }
            if (size != null) {
                hikari.setMaximumPoolSize(size);
                if (hikari.getMinimumIdle() > size) {
                    hikari.setMinimumIdle(size);
                }
            }
            Duration connectionTimeout = processor.properties().getConnectionTimeout();
            if (!processor.environment.containsProperty("spring.datasource.hikari.connection-timeout")) {
                hikari.setConnectionTimeout(connectionTimeout.toMillis());
            }
            if (!processor.environment.containsProperty("spring.datasource.hikari.minimum-idle")) {
                // HikariCP keeps refilling a pool below its minimum in the background, backing off up to
                // 5 s between tries while the database is down; the first call after the database
                // returns then waits for that. With no minimum, the pool stops trying once nobody waits
                // (the circuit is open), and the breaker's trial call connects at once.
                hikari.setMinimumIdle(0);
            }
            if (!processor.environment.containsProperty("spring.datasource.hikari.validation-timeout")) {
                // A connection checked before it is handed out must not take longer than the wait for one.
                hikari.setValidationTimeout(Math.max(250, Math.min(hikari.getValidationTimeout(),
                        hikari.getConnectionTimeout() / 2)));
            }
            if (isPostgresql(hikari)) {
                // URL parameters win over these, so an explicit setting in DATABASE_URL stays.
                putIfAbsent(hikari, "connectTimeout", seconds(connectionTimeout));
                // A cancel request (a JDBC query timeout) goes over its own connection: bounded alike.
                putIfAbsent(hikari, "cancelSignalTimeout", seconds(connectionTimeout));
                Duration socketTimeout = processor.properties().getSocketTimeout();
                if (!socketTimeout.isZero()) {
                    putIfAbsent(hikari, "socketTimeout", seconds(socketTimeout));
                }
                Duration statementTimeout = processor.properties().getStatementTimeout();
                if (!statementTimeout.isZero()) {
                    putIfAbsent(hikari, "options", "-c statement_timeout=" + statementTimeout.toMillis());
                }
            }
            if (hikari.getLeakDetectionThreshold() == 0) {
                hikari.setLeakDetectionThreshold(pool.getLeakDetectionThreshold().toMillis());
            }
            if (hikari.getMetricsTrackerFactory() == null && hikari.getMetricRegistry() == null) {
                // Micrometer's tracker is resolved when the pool starts, so the registry need not exist yet.
                hikari.setMetricsTrackerFactory((poolName, poolStats) -> {
                    MeterRegistry registry = processor.meterRegistry.getIfAvailable();
                    return registry == null ? new com.zaxxer.hikari.metrics.IMetricsTracker() { }
                            : new MicrometerMetricsTrackerFactory(registry).create(poolName, poolStats);
                });
            }
            processor.pools.put(hikari, DbPool.attach(hikari));
            log.info("db_pool_configured pool={} maximum_size={} leak_detection_ms={} connection_timeout_ms={} "
                    + "validation_timeout_ms={} driver_properties={}", hikari.getPoolName(), hikari.getMaximumPoolSize(),
                    hikari.getLeakDetectionThreshold(), hikari.getConnectionTimeout(), hikari.getValidationTimeout(),
                    hikari.getDataSourceProperties().stringPropertyNames());
        }

        static boolean isPostgresql(DataSource dataSource) {
            return dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                    && hikari.getJdbcUrl().startsWith("jdbc:postgresql:");
        }

        /** The database product behind a HikariCP pool, from its JDBC URL, as Spring's SQL error codes name it. */
        static String product(DataSource dataSource) {
            if (!(dataSource instanceof HikariDataSource hikari) || hikari.getJdbcUrl() == null) {
                return null;
            }
            String url = hikari.getJdbcUrl();
            return url.startsWith("jdbc:postgresql:") ? "PostgreSQL" : url.startsWith("jdbc:h2:") ? "H2" : null;
        }

        /** The pool's maximum size, or 0 when {@code dataSource} is no HikariCP pool. */
        static int maximumSize(DataSource dataSource) {
            return dataSource instanceof HikariDataSource hikari ? hikari.getMaximumPoolSize() : 0;
        }

        private static void putIfAbsent(HikariDataSource hikari, String name, String value) {
            if (!hikari.getDataSourceProperties().containsKey(name)) {
                hikari.addDataSourceProperty(name, value);
            }
        }

        /** Whole seconds, rounded up: the PostgreSQL driver's unit. */
        private static String seconds(Duration duration) {
            return Long.toString(Math.max(1, (duration.toMillis() + 999) / 1000));
        }
    }
}
