package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.corpastro.testing.EmbeddedRedisServer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class PerformanceCacheAutoConfigurationTest {

    private static EmbeddedRedisServer redis;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PerformanceCacheAutoConfiguration.class));

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void withoutRedisTheCacheRunsInTheProcessOnly() {
        contextRunner.run(context -> {
            CacheManager cache = context.getBean(CacheManager.class);
            assertThat(cache).isInstanceOf(TieredCacheManager.class);
            assertThat(((TieredCacheManager) cache).hasRedis()).isFalse();
            assertThat(cache.getOrSet("k", String.class, () -> "v", Duration.ofMinutes(1))).isEqualTo("v");
            assertThat(cache.get("k", String.class)).contains("v");
            assertThat(context).hasSingleBean(SpringCacheAdapter.class).hasSingleBean(MeterBinder.class);
        });
    }

    @Test
    void cacheRedisUrlTurnsOnTheRedisLevel() {
        contextRunner.withPropertyValues("corp-astro.cache.redis.url=" + redis.url()).run(context -> {
            TieredCacheManager cache = context.getBean(TieredCacheManager.class);
            assertThat(cache.hasRedis()).isTrue();
            assertThat(cache.isRedisAvailable()).isTrue();
        });
    }

    @Test
    void theRedisLevelPassesACircuitBreakerNamedRedisThatFollowsItsSettings() {
        contextRunner.withPropertyValues("REDIS_URL=" + redis.url()).run(context -> {
            TieredCacheManager cache = (TieredCacheManager) context.getBean(CacheManager.class);
            io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = cache.redisCircuitBreaker().orElseThrow();
            assertThat(breaker.getName()).isEqualTo("redis");
            assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).isEqualTo(10);
            assertThat(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(1_000);
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MeterBinder.class).bindTo(registry);
            assertThat(registry.get("resilience4j.circuitbreaker.state").tag("name", "redis").tag("state", "closed")
                    .gauge().value()).isEqualTo(1);
        });
        contextRunner.withPropertyValues("REDIS_URL=" + redis.url(), "corp-astro.cache.redis.circuit-breaker.window=4",
                "corp-astro.cache.redis.circuit-breaker.wait-in-open=250ms", "corp-astro.cache.load-wait=3s")
                .run(context -> {
                    TieredCacheManager cache = (TieredCacheManager) context.getBean(CacheManager.class);
                    assertThat(cache.redisCircuitBreaker().orElseThrow().getCircuitBreakerConfig().getSlidingWindowSize())
                            .isEqualTo(4);
                    assertThat(context.getBean(CacheProperties.class).getLoadWait()).hasSeconds(3);
                });
        contextRunner.withPropertyValues("REDIS_URL=" + redis.url(), "corp-astro.cache.redis.circuit-breaker.enabled=false")
                .run(context -> assertThat(((TieredCacheManager) context.getBean(CacheManager.class))
                        .redisCircuitBreaker().orElseThrow().getState())
                        .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.DISABLED));
        contextRunner.withPropertyValues("REDIS_URL=" + redis.url(),
                "corp-astro.cache.redis.circuit-breaker.half-open-calls=0").run(context -> assertThat(context)
                .getFailure().rootCause()
                .hasMessageContaining("corp-astro.cache.redis.circuit-breaker.half-open-calls must be >= 1, was 0"));
        contextRunner.withPropertyValues("corp-astro.cache.load-wait=0s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("corp-astro.cache.load-wait must be > 0, was PT0S"));
    }

    @Test
    void redisUrlEnvironmentVariableTurnsOnTheRedisLevel() {
        contextRunner.withPropertyValues("REDIS_URL=" + redis.url()).run(context ->
                assertThat(context.getBean(TieredCacheManager.class).isRedisAvailable()).isTrue());
    }

    @Test
    void springDataRedisPropertiesAreHonoured() {
        contextRunner.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port())
                .run(context -> assertThat(context.getBean(TieredCacheManager.class).isRedisAvailable()).isTrue());
    }

    @Test
    void redisCanBeKeptOffEvenWhenConfigured() {
        contextRunner.withPropertyValues("REDIS_URL=" + redis.url(), "corp-astro.cache.redis.enabled=false")
                .run(context -> assertThat(context.getBean(TieredCacheManager.class).hasRedis()).isFalse());
    }

    @Test
    void disabledCacheStoresNothingAndAlwaysRunsTheLoader() {
        contextRunner.withPropertyValues("corp-astro.cache.enabled=false").run(context -> {
            CacheManager cache = context.getBean(CacheManager.class);
            assertThat(cache).isInstanceOf(DisabledCacheManager.class);
            AtomicInteger loads = new AtomicInteger();
            cache.getOrSet("k", String.class, () -> "v" + loads.incrementAndGet(), Duration.ofMinutes(1));
            cache.set("k", "stored", Duration.ofMinutes(1));
            assertThat(cache.getOrSet("k", String.class, () -> "v" + loads.incrementAndGet(), Duration.ofMinutes(1)))
                    .isEqualTo("v2");
            assertThat(cache.get("k", String.class)).isEmpty();
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnCacheManagers() {
        contextRunner.withUserConfiguration(UserCaches.class).run(context -> {
            assertThat(context.getBean(CacheManager.class)).isSameAs(context.getBean(UserCaches.class).cache);
            assertThat(context.getBean(org.springframework.cache.CacheManager.class)).isInstanceOf(NoOpCacheManager.class);
        });
    }

    @Test
    void badPropertyFailsStartupWithTheValueInTheMessage() {
        contextRunner.withPropertyValues("corp-astro.cache.ttl-jitter=0.9").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("ttlJitter must be between 0 and 0.5, was 0.9"));
        contextRunner.withPropertyValues("corp-astro.cache.region-key-prefixes=user-token:",
                "corp-astro.cache.region-maximum-weight=0B").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("region maximumWeight must be > 0 bytes, was 0"));
        contextRunner.withPropertyValues("corp-astro.cache.redis.url=http://nowhere:1").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("redis url is not valid, was 'http://nowhere:1'"));
        contextRunner.withPropertyValues("corp-astro.cache.stale-while-revalidate=-1s").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("staleWhileRevalidate must be >= 0, was PT-1S"));
        contextRunner.withPropertyValues("corp-astro.cache.spring.ttls.templates=0s").run(context -> assertThat(context)
                .getFailure().hasStackTraceContaining("ttl of cache 'templates' must be > 0, was PT0S"));
    }

    @Test
    void cacheableAndCacheEvictUseTheApplicationCache() {
        contextRunner.withUserConfiguration(CachingApp.class).run(context -> {
            Templates templates = context.getBean(Templates.class);
            assertThat(templates.render("daily")).isEqualTo("daily#1");
            assertThat(templates.render("daily")).isEqualTo("daily#1");
            assertThat(templates.missing("x")).isNull();
            assertThat(templates.missing("x")).isNull();
            assertThat(templates.loads()).isEqualTo(2);
            templates.evict("daily");
            assertThat(templates.render("daily")).isEqualTo("daily#3");
            assertThat(context.getBean(CacheManager.class).stats().l1Hits()).isEqualTo(2);
        });
    }

    @Test
    void cacheableSharesEntriesAndEvictionsAcrossNodesThroughRedis() {
        ApplicationContextRunner node = contextRunner.withUserConfiguration(CachingApp.class)
                .withPropertyValues("corp-astro.cache.redis.url=" + redis.url(), "corp-astro.cache.redis.namespace=spring-test",
                        // At the default 50 ms a busy machine's slow answer counts as Redis failing, and B loads by itself.
                        "corp-astro.cache.redis.command-timeout=2s");
        node.run(a -> node.run(b -> {
            Templates onA = a.getBean(Templates.class);
            Templates onB = b.getBean(Templates.class);
            assertThat(onA.render("weekly")).isEqualTo("weekly#1");
            assertThat(onB.render("weekly")).isEqualTo("weekly#1");
            assertThat(onB.loads()).isZero();

            onB.evict("weekly");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> a.getBean(org.springframework.cache.CacheManager.class).getCache("templates").get("weekly") == null);
            assertThat(onA.render("weekly")).isEqualTo("weekly#2");
        }));
    }

    @Test
    void metersCountHitsAndMissesPerLevel() {
        contextRunner.run(context -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MeterBinder.class).bindTo(registry);
            CacheManager cache = context.getBean(CacheManager.class);
            cache.getOrSet("k", String.class, () -> "v", Duration.ofMinutes(1));
            cache.get("k", String.class);
            assertThat(registry.get("corp-astro.cache.gets").tags("cache", "corp-astro", "level", "l1", "result", "hit")
                    .functionCounter().count()).isEqualTo(1.0);
            assertThat(registry.get("corp-astro.cache.gets").tags("level", "l1", "result", "miss")
                    .functionCounter().count()).isEqualTo(1.0);
            assertThat(registry.get("corp-astro.cache.loads").tags("result", "success").functionCounter().count())
                    .isEqualTo(1.0);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserCaches {

        final TieredCacheManager cache = TieredCacheManager.builder().build();

        @Bean
        TieredCacheManager myCache() {
            return cache;
        }

        @Bean
        NoOpCacheManager mySpringCache() {
            return new NoOpCacheManager();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingApp {

        @Bean
        Templates templates() {
            return new Templates();
        }
    }

    static class Templates {

        private final AtomicInteger loads = new AtomicInteger();

        public int loads() {
            return loads.get();
        }

        @Cacheable("templates")
        public String render(String name) {
            return name + "#" + loads.incrementAndGet();
        }

        @Cacheable("missing")
        public String missing(String name) {
            loads.incrementAndGet();
            return null;
        }

        @CacheEvict("templates")
        public void evict(String name) {
        }
    }

    @Test
    void withoutRedisThereIsNoRedisHealthComponent() {
        contextRunner.run(context -> assertThat(context.getBeansOfType(RedisHealthIndicator.class)).isEmpty());
    }

    @Test
    void theRedisHealthComponentIsDegradedWhileRedisIsDownAndUpAgainAfter() {
        try (EmbeddedRedisServer own = EmbeddedRedisServer.start()) {
            contextRunner.withPropertyValues("corp-astro.cache.redis.url=" + own.url()).run(context -> {
                RedisHealthIndicator health = context.getBean(RedisHealthIndicator.class);
                assertThat(health.health().getStatus()).isEqualTo(Status.UP);

                own.stop();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    context.getBean(CacheManager.class).get("probe", String.class); // a call notices too
                    assertThat(health.health().getStatus()).isEqualTo(RedisHealthIndicator.DEGRADED);
                });
                assertThat(health.health().getDetails()).containsEntry("mode", "l1-only");

                own.restart();
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
            });
        }
    }
}
