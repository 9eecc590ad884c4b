package com.corpastro.performance.db;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import com.corpastro.performance.autoconfigure.FilterOrder;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;
import com.corpastro.performance.monitor.MonitorAutoConfiguration;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.SummaryContributor;
import com.zaxxer.hikari.HikariDataSource;

import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * The database optimizer for the application's {@link DataSource}: {@link DatabaseOptimizer},
 * a {@link GuardedDataSource} (circuit breaker {@code database}, bulkhead, statement timeout) and
 * the {@link QueryAnalyzer} wrapped around every data source bean, HikariCP connection and
 * validation timeouts (and the PostgreSQL driver's connect and socket timeouts), a {@link QueryScopeFilter} per
 * HTTP request, {@link QueryResultCache}, HikariCP sizing ({@code cores * 2 + 1} unless set),
 * leak detection and Micrometer meters, {@link DbPool} snapshots (the {@code pool} section of the
 * monitor's summary) and a health indicator. Settings
 * under {@code corp-astro.db}; {@code corp-astro.db.enabled=false} turns it all off. Each bean
 * backs off when the application defines its own.
 */
@AutoConfiguration(after = { PerformanceCacheAutoConfiguration.class, MonitorAutoConfiguration.class }, afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, JdbcTemplate.class, ProxyDataSourceBuilder.class })
@ConditionalOnProperty(prefix = "corp-astro.db", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(DbProperties.class)
public class DatabaseOptimizerAutoConfiguration {

    @Bean
    static DbDataSourcePostProcessor corpAstroDataSourcePostProcessor(Environment environment,
            ObjectProvider<QueryAnalyzer> analyzer, ObjectProvider<MeterRegistry> meterRegistry) {
        return new DbDataSourcePostProcessor(environment, analyzer, meterRegistry);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "corp-astro.db.analyzer", name = "enabled", matchIfMissing = true)
    QueryAnalyzer queryAnalyzer(DbProperties properties) {
        DbProperties.Analyzer analyzer = properties.getAnalyzer();
        return QueryAnalyzer.builder()
                .slowQueryThreshold(analyzer.getSlowQueryThreshold())
                .nPlusOneThreshold(analyzer.getNPlusOneThreshold())
                .explain(analyzer.isExplain())
                .explainAnalyze(analyzer.isExplainAnalyze())
                .explainInterval(analyzer.getExplainInterval())
                .largeTableRows(analyzer.getLargeTableRows())
                .maxFingerprints(analyzer.getMaxFingerprints())
                .build();
    }

    @Bean
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnMissingBean
    DatabaseOptimizer databaseOptimizer(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactionManager,
            ObjectProvider<CacheManager> cacheManager, DbProperties properties) {
        return DatabaseOptimizer.builder(dataSource)
                .transactionManager(transactionManager.getIfUnique())
                .cacheManager(cacheManager.getIfUnique())
                .queryTimeout(properties.getQueryTimeout())
                .transactionTimeout(properties.getTransactionTimeout())
                .maxRetries(properties.getRetry().getMaxRetries())
                .backoff(properties.getRetry().getInitialBackoff(), properties.getRetry().getMaxBackoff())
                .oneTripStatements(properties.isOneTripStatements())
                .build();
    }

    @Bean
    @ConditionalOnBean(CacheManager.class)
    @ConditionalOnMissingBean
    QueryResultCache queryResultCache(CacheManager cacheManager) {
        return new QueryResultCache(cacheManager);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    static class DbPoolConfiguration {

        @Bean
        @ConditionalOnBean(DataSource.class)
        @ConditionalOnMissingBean
        DbPool dbPool(DataSource dataSource, DbDataSourcePostProcessor postProcessor) throws SQLException {
            if (!dataSource.isWrapperFor(HikariDataSource.class)) {
                return null;
            }
            HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
            DbPool pool = postProcessor.pool(hikari);
            return pool != null ? pool : DbPool.attach(hikari);
        }
    }

    /**
     * With a monitor: every statement the analyzer sees goes to its {@code database_query} series, from
     * the end of start-up on (the monitor may itself need the data source, so it is not asked for earlier).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(PerformanceMonitor.class)
    @ConditionalOnProperty(prefix = "corp-astro.db.analyzer", name = "record-in-monitor", matchIfMissing = true)
    static class DbQueryMonitoring {

        @Bean
        SmartInitializingSingleton corpAstroDatabaseQueryMetrics(ObjectProvider<QueryAnalyzer> analyzer,
                ObjectProvider<PerformanceMonitor> monitor) {
            return () -> {
                QueryAnalyzer queryAnalyzer = analyzer.getIfUnique();
                PerformanceMonitor performanceMonitor = monitor.getIfUnique();
                if (queryAnalyzer != null && performanceMonitor != null) {
                    queryAnalyzer.observe(performanceMonitor::databaseQueryRecorder);
                }
            };
        }
    }

    /** With a monitor: the pool section of its summary. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    @ConditionalOnBean({ PerformanceMonitor.class, DataSource.class })
    static class DbPoolMonitoring {

        @Bean
        SummaryContributor corpAstroPoolSummary(ObjectProvider<DbPool> pool) {
            return new PoolSummary(pool::getIfAvailable);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class DbGuardMeters {

        /** {@code resilience4j.circuitbreaker.*} and {@code resilience4j.bulkhead.*} meters of the {@code database} guard. */
        @Bean
        @ConditionalOnMissingBean(name = "corpAstroDatabaseGuardMetrics")
        MeterBinder corpAstroDatabaseGuardMetrics(DbDataSourcePostProcessor postProcessor) {
            return registry -> {
                TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(postProcessor.circuitBreakers()).bindTo(registry);
                TaggedBulkheadMetrics.ofBulkheadRegistry(postProcessor.bulkheads()).bindTo(registry);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnProperty(prefix = "corp-astro.db.health", name = "enabled", matchIfMissing = true)
    static class DbHealthConfiguration {

        @Bean
        @ConditionalOnBean(DataSource.class)
        @ConditionalOnMissingBean(DbHealthIndicator.class)
        DbHealthIndicator corpAstroDatabaseHealthIndicator(DataSource dataSource, DbProperties properties)
                throws SQLException {
            // The check asks the database itself, past the guard: it reports what the database does,
            // and the circuit's state beside it.
            if (dataSource.isWrapperFor(GuardedDataSource.class)) {
                GuardedDataSource guard = dataSource.unwrap(GuardedDataSource.class);
                return new DbHealthIndicator(guard.getTargetDataSource(), properties.getHealth().getTimeout(),
                        guard.circuitBreaker());
            }
            return new DbHealthIndicator(dataSource, properties.getHealth().getTimeout(), null);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    @ConditionalOnProperty(prefix = "corp-astro.db.analyzer", name = "enabled", matchIfMissing = true)
    static class DbWebConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "queryScopeFilter")
        FilterRegistrationBean<QueryScopeFilter> queryScopeFilter(QueryAnalyzer analyzer) {
            FilterRegistrationBean<QueryScopeFilter> registration = new FilterRegistrationBean<>(new QueryScopeFilter(analyzer));
            registration.setName("queryScopeFilter");
            registration.setOrder(FilterOrder.QUERY_SCOPE);
            return registration;
        }
    }
}
