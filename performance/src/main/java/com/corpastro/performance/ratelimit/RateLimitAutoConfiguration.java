package com.corpastro.performance.ratelimit;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.autoconfigure.FilterOrder;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.error.ErrorProperties;
import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.HttpAutoConfiguration;
import com.corpastro.performance.http.HttpProperties;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.logging.UrlCredentials;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.RedisClient;

/**
 * Rate limiting by endpoint type ({@code corp-astro.http.rate-limit.enabled}, on by default).
 * The buckets are in-process unless Redis is configured: a {@link RedisClient} bean, or
 * {@code corp-astro.http.rate-limit.redis-url}, or the {@code REDIS_URL} environment variable, or
 * {@code spring.data.redis.url} (with
 * Lettuce and {@code bucket4j_jdk17-lettuce} on the class path); then they are shared by every
 * node, with the in-process buckets standing in while Redis is unreachable. Without a URL of its
 * own ({@code corp-astro.http.rate-limit.redis-url}) the limiter shares the cache's {@code redis}
 * circuit breaker; with one, it has its own ({@code redis-rate-limit}: open after a failure for
 * {@code retry-interval}). An application's own
 * {@link RateLimiter} bean replaces all of that.
 */
@AutoConfiguration(after = HttpAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnProperty(prefix = "corp-astro.http.rate-limit", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({ HttpProperties.class, RateLimitProperties.class, ErrorProperties.class })
public class RateLimitAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    RateLimiter corpAstroRateLimiter(RateLimitProperties settings, Environment environment,
            ObjectProvider<Clock> clocks, BeanFactory beans, ObjectProvider<CacheManager> caches) {
        Clock clock = clocks.getIfAvailable(Clock::systemUTC);
        LocalRateLimiter local = new LocalRateLimiter(clock, settings.getMaxLocalBuckets());
        if (!settings.isRedisEnabled()) {
            return local;
        }
        String url = StringUtils.hasText(settings.getRedisUrl()) ? settings.getRedisUrl()
                : environment.getProperty("REDIS_URL", environment.getProperty("spring.data.redis.url"));
        boolean lettuce = ClassUtils.isPresent("io.lettuce.core.RedisClient", getClass().getClassLoader())
                && ClassUtils.isPresent("io.github.bucket4j.redis.lettuce.Bucket4jLettuce", getClass().getClassLoader());
        if (!lettuce) {
            if (StringUtils.hasText(url)) {
                log.warn("event=rate_limit_redis_off reason=missing_lettuce_or_bucket4j_lettuce store=local");
            }
            return local;
        }
        RateLimiter shared = RedisLimiters.create(beans, url, clock, settings);
        if (shared == null) {
            return local;
        }
        // Same Redis as the cache (no URL of the limiter's own): one circuit breaker for the dependency.
        CircuitBreaker redisBreaker = StringUtils.hasText(settings.getRedisUrl()) ? null
                : caches.getIfAvailable() instanceof TieredCacheManager tiered ? tiered.redisCircuitBreaker().orElse(null)
                : null;
        log.info("event=rate_limit_store store=redis redis={} fallback=local circuit={}",
                StringUtils.hasText(url) ? UrlCredentials.redact(url) : "bean",
                redisBreaker != null ? redisBreaker.getName() : "redis-rate-limit");
        return redisBreaker != null ? new FallbackRateLimiter(shared, local, redisBreaker)
                : new FallbackRateLimiter(shared, local, clock, settings.getRetryInterval());
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> corpAstroRateLimitFilter(HttpProperties properties,
            EndpointClassifier classifier, RateLimiter limiter, RequestIdentity identity,
            ClientAddressResolver addresses, ErrorProperties errors) {
        RateLimitFilter filter = new RateLimitFilter(classifier, properties.policies(), limiter,
                RequestIdentity.oncePerRequest(identity), addresses,
                errors.getTypeBase());
        return FilterOrder.registration(filter, FilterOrder.RATE_LIMIT);
    }

    /** Touches Lettuce types only when they are on the class path. */
    private static final class RedisLimiters {

        private RedisLimiters() {
        }

        static RateLimiter create(BeanFactory beans, String url, Clock clock,
                RateLimitProperties settings) {
            RedisClient client = beans.getBeanProvider(RedisClient.class).getIfUnique();
            if (client != null) {
                return new RedisRateLimiter(client, false, clock, settings.getRedisTimeout(), settings.getKeyPrefix());
            }
            if (StringUtils.hasText(url)) {
                try {
                    return RedisRateLimiter.create(url, clock, settings.getRedisTimeout(), settings.getKeyPrefix());
                } catch (IllegalArgumentException e) {
                    // Lettuce's message may quote the URL, password included.
                    throw new IllegalArgumentException("the rate limit's Redis URL is not valid, was '"
                            + UrlCredentials.redact(url) + "'");
                }
            }
            return null;
        }
    }
}
