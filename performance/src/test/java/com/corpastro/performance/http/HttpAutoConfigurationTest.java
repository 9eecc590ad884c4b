package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;
import com.corpastro.performance.compression.CompressionAutoConfiguration;
import com.corpastro.performance.ratelimit.RateLimitAutoConfiguration;
import com.corpastro.performance.ratelimit.FallbackRateLimiter;
import com.corpastro.performance.ratelimit.LocalRateLimiter;
import com.corpastro.performance.ratelimit.RateLimitDecision;
import com.corpastro.performance.ratelimit.RateLimiter;
import com.corpastro.performance.response.ResponseAutoConfiguration;

/** The HTTP layer's auto-configuration: on by default, every switch, backing off, failing clearly. */
class HttpAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PerformanceCacheAutoConfiguration.class,
                    HttpAutoConfiguration.class, RateLimitAutoConfiguration.class, CompressionAutoConfiguration.class,
                    ResponseAutoConfiguration.class));

    @Test
    void registersEveryFilterByDefaultWithLocalBuckets() {
        runner.run(context -> {
            assertThat(filters(context)).containsExactlyInAnyOrder("PathFirewallFilter", "ResponseTimeFilter",
                    "SecurityHeadersFilter", "RateLimitFilter", "ResponseFilter");
            assertThat(context).hasSingleBean(RequestIdentity.class).hasSingleBean(ClientAddressResolver.class)
                    .hasSingleBean(EndpointClassifier.class);
            assertThat(context.getBean(RateLimiter.class)).isInstanceOf(LocalRateLimiter.class);
        });
    }

    @Test
    void rateLimitCanBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.http.rate-limit.enabled=false").run(context -> {
            assertThat(filters(context)).doesNotContain("RateLimitFilter");
            assertThat(context).doesNotHaveBean(RateLimiter.class);
        });
    }

    @Test
    void timingSecurityHeadersAndPathFirewallCanBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.http.timing.enabled=false",
                "corp-astro.http.security-headers.enabled=false", "corp-astro.http.path-firewall.enabled=false")
                .run(context -> assertThat(filters(context))
                        .containsExactlyInAnyOrder("RateLimitFilter", "ResponseFilter"));
    }

    @Test
    void pathFirewallComesRightAfterTheRequestIdFilter() {
        runner.run(context -> {
            int firewall = context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                    .filter(r -> r.getFilter() instanceof PathFirewallFilter).findFirst().orElseThrow().getOrder();
            assertThat(firewall).isGreaterThan(com.corpastro.performance.autoconfigure.FilterOrder.REQUEST_ID);
            assertThat(context.getBeansOfType(FilterRegistrationBean.class).values()).allSatisfy(registration -> {
                if (!(registration.getFilter() instanceof PathFirewallFilter)) {
                    assertThat(registration.getOrder()).isGreaterThan(firewall);
                }
            });
        });
    }

    @Test
    void responseFilterStaysWhileAnyOfCompressionEtagAndResponseCacheIsOn() {
        runner.withPropertyValues("corp-astro.http.compression.enabled=false", "corp-astro.http.etag.enabled=false")
                .run(context -> assertThat(filters(context)).contains("ResponseFilter"));
        runner.withPropertyValues("corp-astro.http.compression.enabled=false", "corp-astro.http.etag.enabled=false",
                "corp-astro.http.response-cache.enabled=false")
                .run(context -> assertThat(filters(context)).doesNotContain("ResponseFilter"));
    }

    @Test
    void redisUrlGivesSharedBucketsWithLocalFallback() {
        runner.withPropertyValues("corp-astro.http.rate-limit.redis-url=redis://127.0.0.1:1")
                .run(context -> assertThat(context.getBean(RateLimiter.class)).isInstanceOf(FallbackRateLimiter.class));
        runner.withPropertyValues("corp-astro.http.rate-limit.redis-url=redis://127.0.0.1:1",
                "corp-astro.http.rate-limit.redis-enabled=false")
                .run(context -> assertThat(context.getBean(RateLimiter.class)).isInstanceOf(LocalRateLimiter.class));
    }

    @Test
    void aBadRedisUrlFailsWithoutItsPassword() {
        runner.withPropertyValues("corp-astro.http.rate-limit.redis-url=redis://admin:s3cret-Pa55@ho st:1")
                .run(context -> {
                    assertThat(context).getFailure().rootCause().hasMessageContaining("redis://***@ho st:1");
                    Throwable failure = context.getStartupFailure();
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret-Pa55");
                    }
                });
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnBeans() {
        RequestIdentity identity = request -> Optional.of("mine");
        RateLimiter limiter = (policy, key) -> new RateLimitDecision(true, 1, java.time.Duration.ZERO,
                java.time.Duration.ZERO);
        runner.withBean(RequestIdentity.class, () -> identity).withBean(RateLimiter.class, () -> limiter)
                .run(context -> {
                    assertThat(context.getBean(RequestIdentity.class)).isSameAs(identity);
                    assertThat(context.getBean(RateLimiter.class)).isSameAs(limiter);
                });
    }

    @Test
    void badLimitFailsWithTheValueInTheMessage() {
        runner.withPropertyValues("corp-astro.http.endpoint-types.auth.limit=-3").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("limit of endpoint type 'auth' must be > 0, was -3"));
    }

    @Test
    void unknownEndpointTypeWithoutLimitFails() {
        runner.withPropertyValues("corp-astro.http.endpoint-types.reports.patterns=/reports/**")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("corp-astro.http.endpoint-types.reports.limit must be set"));
    }

    @Test
    void badTrustedProxyFailsWithTheValueInTheMessage() {
        runner.withPropertyValues("corp-astro.http.trusted-proxies=10.0.0.0/33").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("'10.0.0.0/33'"));
    }

    @Test
    void tomcatCompressionAtTheSameTimeFailsClearly() {
        runner.withPropertyValues("server.compression.enabled=true").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("server.compression.enabled=true"));
        runner.withPropertyValues("server.compression.enabled=true", "corp-astro.http.compression.enabled=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void unknownCodingFailsWithTheValueInTheMessage() {
        runner.withPropertyValues("corp-astro.http.compression.codings=br,lzma").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("was 'lzma'"));
    }

    @Test
    void nothingInANonWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HttpAutoConfiguration.class, RateLimitAutoConfiguration.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                    assertThat(context).doesNotHaveBean(RateLimiter.class);
                });
    }

    /** The simple names of the registered filters' classes (most are package-private in their feature). */
    private static java.util.List<String> filters(
            org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
        java.util.List<String> classes = new java.util.ArrayList<>();
        for (FilterRegistrationBean<?> registration : context.getBeansOfType(FilterRegistrationBean.class).values()) {
            classes.add(registration.getFilter().getClass().getSimpleName());
        }
        return classes;
    }
}
