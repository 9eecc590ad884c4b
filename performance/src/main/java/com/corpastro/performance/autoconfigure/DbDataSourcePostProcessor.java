package com.corpastro.performance.autoconfigure;

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
import org.springframework.util.ClassUtils;

import com.corpastro.performance.db.DbPool;
import com.corpastro.performance.db.QueryAnalyzer;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;
import net.ttddyy.dsproxy.support.ProxyDataSource;

/**
 * Sizes HikariCP pools and attaches {@link DbPool} before they start, and wraps every
 * {@link DataSource} bean in the {@link QueryAnalyzer}'s proxy. Runs after property binding.
 */
final class DbDataSourcePostProcessor implements BeanPostProcessor, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DbDataSourcePostProcessor.class);
    private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
            DbDataSourcePostProcessor.class.getClassLoader());

    private final Environment environment;
    private final ObjectProvider<QueryAnalyzer> analyzer;
    private final ObjectProvider<MeterRegistry> meterRegistry;
    private final Map<Object, DbPool> pools = new ConcurrentHashMap<>();
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
        if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)
                && properties().getAnalyzer().isEnabled()) {
            QueryAnalyzer queryAnalyzer = analyzer.getIfAvailable();
            if (queryAnalyzer != null) {
                return queryAnalyzer.wrap(dataSource);
            }
        }
        return bean;
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
            log.info("db_pool_configured pool={} maximum_size={} leak_detection_ms={}", hikari.getPoolName(),
                    hikari.getMaximumPoolSize(), hikari.getLeakDetectionThreshold());
        }
    }
}
