package com.corpastro.performance.cache;

import java.util.Arrays;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import com.corpastro.performance.autoconfigure.CircuitBreakerProperties;
import com.corpastro.performance.monitor.MonitorAutoConfiguration;
import com.corpastro.performance.monitor.MonitorSampler;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.SummaryContributor;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Provides the application {@link CacheManager}: a {@link TieredCacheManager} (Caffeine, plus
 * Redis when one is configured, see {@link CacheProperties}), or a {@link DisabledCacheManager}
 * with {@code corp-astro.cache.enabled=false}; Micrometer meters for it; and a Spring
 * {@link org.springframework.cache.CacheManager} over it for {@code @Cacheable}; the {@code redis}
 * health component when the cache has a Redis level ({@link RedisHealthIndicator}); with a
 * {@link PerformanceMonitor}, the {@code cache} section of its summary and the sampled hit rate.
 * Each backs off when the application defines its own bean of that type.
 */
@AutoConfiguration(after = MonitorAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@EnableConfigurationProperties(CacheProperties.class)
public class PerformanceCacheAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    CacheManager corpAstroCacheManager(CacheProperties properties, Environment environment,
            ObjectProvider<InvalidationListener> listeners) {
        List<InvalidationListener> all = listeners.orderedStream().toList();
        InvalidationListener listener = all.isEmpty() ? InvalidationListener.NONE
                : tag -> all.forEach(each -> each.invalidating(tag));
        if (!properties.isEnabled()) {
            return new DisabledCacheManager(listener);
        }
        TieredCacheBuilder builder = TieredCacheManager.builder()
                .name(properties.getName())
                .maximumWeight(properties.getMaximumWeight().toBytes())
                .region(properties.getRegionKeyPrefixes(), properties.getRegionMaximumWeight().toBytes())
                .maximumTtl(properties.getMaximumTtl())
                .negativeTtl(properties.getNegativeTtl())
                .ttlJitter(properties.getTtlJitter())
                .lockLease(properties.getLockLease())
                .fence(properties.getFence())
                .staleWhileRevalidate(properties.getStaleWhileRevalidate())
                .redisMissTtl(properties.getRedisMissTtl())
                .loadWait(properties.getLoadWait())
                .classLoader(ClassUtils.getDefaultClassLoader())
                .invalidationListener(listener);
        CacheProperties.Redis redis = properties.getRedis();
        RedisLocation location = redis.isEnabled() ? RedisLocation.find(redis, environment) : null;
        if (location != null) {
            requireClass("io.lettuce.core.RedisClient", "io.lettuce:lettuce-core", location);
            requireClass("tools.jackson.dataformat.smile.SmileMapper", "tools.jackson.dataformat:jackson-dataformat-smile",
                    location);
            builder.commandTimeout(redis.getCommandTimeout());
            CircuitBreaker breaker = redis.getCircuitBreaker().create("redis", CircuitBreakerRegistry.ofDefaults());
            if (!redis.getCircuitBreaker().isEnabled()) {
                // Command failures then never make the cache L1-only; a lost connection still does.
                breaker.transitionToDisabledState();
            }
            builder.redisCircuitBreaker(breaker);
            if (StringUtils.hasText(redis.getNamespace())) {
                builder.namespace(redis.getNamespace());
            }
            if (location.cluster()) {
                builder.redisCluster(location.urls());
            } else {
                builder.redis(location.urls().get(0));
            }
        }
        return builder.build();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterBinder.class)
    static class CacheMeters {

        /** The cache's meters, and {@code resilience4j.circuitbreaker.*} of its {@code redis} circuit breaker. */
        @Bean
        @ConditionalOnMissingBean(name = "corpAstroCacheMetrics")
        MeterBinder corpAstroCacheMetrics(CacheManager cache, CacheProperties properties) {
            String name = cache instanceof TieredCacheManager tiered ? tiered.name() : properties.getName();
            CacheMetrics metrics = new CacheMetrics(cache, name);
            return registry -> {
                metrics.bindTo(registry);
                if (cache instanceof TieredCacheManager tiered) {
                    tiered.redisCircuitBreaker().ifPresent(breaker -> TaggedCircuitBreakerMetrics
                            .ofCircuitBreakerRegistry(CircuitBreakerProperties.registryOf(breaker)).bindTo(registry));
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class CacheHealth {

        /** The {@code redis} health component; none (a null bean) when the cache has no Redis level. */
        @Bean
        @ConditionalOnMissingBean(name = {"redisHealthIndicator", "redisHealthContributor"})
        RedisHealthIndicator redisHealthIndicator(CacheManager cache) {
            return cache instanceof TieredCacheManager tiered && tiered.hasRedis() ? new RedisHealthIndicator(tiered)
                    : null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "corp-astro.cache.spring", name = "enabled", matchIfMissing = true)
    static class SpringCache {

        @Bean
        @ConditionalOnMissingBean(org.springframework.cache.CacheManager.class)
        SpringCacheAdapter cacheManager(CacheManager cache, CacheProperties properties) {
            return new SpringCacheAdapter(cache, properties.getSpring().getDefaultTtl(), properties.getSpring().getTtls());
        }
    }

    /** With a monitor: the cache's section of the summary, and its hit rate sampled for the dashboard. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(PerformanceMonitor.class)
    static class CacheMonitoring {

        @Bean
        SummaryContributor corpAstroCacheSummary(ObjectProvider<CacheManager> caches) {
            return new CacheSummary(caches::getIfUnique);
        }

        @Bean
        MonitorSampler corpAstroCacheSampler(ObjectProvider<CacheManager> caches) {
            return new CacheHitRateSampler("application", caches::getIfUnique);
        }
    }

    private static void requireClass(String className, String artifact, RedisLocation location) {
        if (!ClassUtils.isPresent(className, PerformanceCacheAutoConfiguration.class.getClassLoader())) {
            throw new IllegalStateException("Redis is configured for the application cache (" + location.source()
                    + ") but " + artifact + " is not on the class path; add it, or set corp-astro.cache.redis.enabled=false");
        }
    }

    /** Where the Redis level is, and which setting said so. */
    record RedisLocation(List<String> urls, boolean cluster, String source) {

        static RedisLocation find(CacheProperties.Redis redis, Environment environment) {
            if (!redis.getClusterNodes().isEmpty()) {
                return new RedisLocation(redis.getClusterNodes(), true, "corp-astro.cache.redis.cluster-nodes");
            }
            if (StringUtils.hasText(redis.getUrl())) {
                return new RedisLocation(List.of(redis.getUrl()), false, "corp-astro.cache.redis.url");
            }
            String redisUrl = environment.getProperty("REDIS_URL");
            if (StringUtils.hasText(redisUrl)) {
                return new RedisLocation(List.of(redisUrl), false, "REDIS_URL");
            }
            String clusterNodes = environment.getProperty("spring.data.redis.cluster.nodes");
            if (StringUtils.hasText(clusterNodes)) {
                List<String> nodes = Arrays.stream(clusterNodes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                return new RedisLocation(nodes, true, "spring.data.redis.cluster.nodes");
            }
            String url = environment.getProperty("spring.data.redis.url");
            if (StringUtils.hasText(url)) {
                return new RedisLocation(List.of(url), false, "spring.data.redis.url");
            }
            String host = environment.getProperty("spring.data.redis.host");
            if (StringUtils.hasText(host)) {
                boolean ssl = environment.getProperty("spring.data.redis.ssl.enabled", Boolean.class, false);
                String username = environment.getProperty("spring.data.redis.username", "");
                String password = environment.getProperty("spring.data.redis.password", "");
                String credentials = password.isEmpty() ? "" : (username.isEmpty() ? "" : username) + ":" + password + "@";
                String built = (ssl ? "rediss://" : "redis://") + credentials + host + ":"
                        + environment.getProperty("spring.data.redis.port", "6379") + "/"
                        + environment.getProperty("spring.data.redis.database", "0");
                return new RedisLocation(List.of(built), false, "spring.data.redis.host");
            }
            return null;
        }
    }
}
