package com.corpastro.performance.scaling;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.db.DbPool;
import com.corpastro.performance.internal.RedisUrls;
import com.corpastro.performance.logging.UrlCredentials;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Clock;

/**
 * Auto-scaling support in servlet applications ({@code corp-astro.scaling.*}, on by default):
 * the load signals of this node ({@link NodeLoadFilter} counts the requests), Micrometer gauges
 * of them ({@code corp_astro_scaling_utilization} and friends), heartbeats in Redis when one is
 * configured, the {@link ScalingAdvisor} and {@code GET /api/admin/scaling}, and the drain on
 * SIGTERM ({@link Drain}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnProperty(prefix = "corp-astro.scaling", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ScalingProperties.class)
public class ScalingAutoConfiguration {

    /** Order of the filter that counts requests: right after the path firewall, before timing and rate limits. */
    public static final int NODE_LOAD_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 3;

    private static final Logger log = LoggerFactory.getLogger(ScalingAutoConfiguration.class);

    @Bean
    RequestLoad corpAstroRequestLoad(ScalingProperties properties, ObjectProvider<Clock> clock) {
        return new RequestLoad(clock.getIfUnique(() -> Clock.SYSTEM), properties.getWindow());
    }

    @Bean
    ScalingAdvisor corpAstroScalingAdvisor(ScalingProperties properties) {
        return new ScalingAdvisor(properties.policy());
    }

    @Bean
    ClusterView corpAstroScalingCluster(ScalingProperties properties, Environment environment,
            ObjectProvider<CacheManager> caches) {
        String url = RedisUrls.ownOrCaches(properties.getRedisUrl(), environment);
        if (url == null) {
            return ClusterView.single();
        }
        if (!ClassUtils.isPresent("io.lettuce.core.RedisClient", getClass().getClassLoader())) {
            log.warn("event=scaling_heartbeats_off reason=missing_lettuce nodes=this_one_only");
            return ClusterView.single();
        }
        // The cache's Redis (no URL of the heartbeats' own): wait while the dependency's circuit is open.
        CircuitBreaker breaker = StringUtils.hasText(properties.getRedisUrl()) ? null
                : caches.getIfAvailable() instanceof TieredCacheManager tiered
                        ? tiered.redisCircuitBreaker().orElse(null) : null;
        log.info("event=scaling_heartbeats redis={} key={} interval_ms={} ttl_ms={}", UrlCredentials.redact(url),
                properties.getHeartbeatKey(), properties.getHeartbeatInterval().toMillis(),
                properties.getHeartbeatTtl().toMillis());
        return new RedisHeartbeats(url, properties.getHeartbeatKey(), properties.getHeartbeatTtl(),
                properties.getRedisTimeout(), breaker);
    }

    @Bean
    ScalingTasks corpAstroScalingTasks(ScalingProperties properties, RequestLoad load, ScalingAdvisor advisor,
            ClusterView cluster, ObjectProvider<PoolSource> pool, ObjectProvider<Clock> clock) {
        PoolSource connections = pool.getIfAvailable();
        SignalSampler sampler = new SignalSampler(load, processCpu(), connections == null ? null : connections::snapshot,
                properties.policy());
        return new ScalingTasks(sampler, advisor, cluster, nodeId(properties), clock.getIfUnique(() -> Clock.SYSTEM),
                properties.getSampleInterval(), properties.getHeartbeatInterval());
    }

    @Bean
    Drain corpAstroDrain(ScalingProperties properties, ApplicationContext context, ScalingTasks tasks,
            RequestLoad load) {
        return new Drain(context, properties.getDrainDelay(), Drain::jvmShuttingDown,
                delay -> Thread.sleep(delay.toMillis()), tasks::leave, load);
    }

    @Bean
    FilterRegistrationBean<NodeLoadFilter> corpAstroNodeLoadFilter(RequestLoad load, Drain drain) {
        FilterRegistrationBean<NodeLoadFilter> registration = new FilterRegistrationBean<>(
                new NodeLoadFilter(load, drain));
        registration.setOrder(NODE_LOAD_FILTER_ORDER);
        return registration;
    }

    @Bean
    ScalingController corpAstroScalingController(ScalingAdvisor advisor, ObjectProvider<AdminAccess> adminAccess) {
        // Without an AdminAccess nobody is an admin.
        return new ScalingController(advisor, adminAccess.getIfAvailable(() -> request -> false));
    }

    @Bean
    ScalingMeters corpAstroScalingMeters(ScalingTasks tasks, ScalingAdvisor advisor, RequestLoad load) {
        return new ScalingMeters(tasks, advisor, load);
    }

    /** The pool signal, when the application's pool is HikariCP (the database optimizer's {@link DbPool}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
    static class HikariPool {

        @Bean
        PoolSource corpAstroScalingPool(ObjectProvider<DbPool> pools) {
            return () -> {
                DbPool pool = pools.getIfAvailable();
                return pool == null ? null : pool.snapshot();
            };
        }
    }

    /** The process CPU load (0-1) where the JDK reports it, else unknown (-1). */
    private static DoubleSupplier processCpu() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun::getProcessCpuLoad;
        }
        return () -> -1;
    }

    /** The configured node id, else the host name (a pod's name) or JVM name, with a random suffix. */
    static String nodeId(ScalingProperties properties) {
        if (StringUtils.hasText(properties.getNodeId())) {
            return properties.getNodeId().trim();
        }
        String host = System.getenv("HOSTNAME");
        String base = StringUtils.hasText(host) ? host : ManagementFactory.getRuntimeMXBean().getName();
        return base + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    }

}
