package com.corpastro.performance.cdn;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The CDN in front of the service ({@code corp-astro.cdn.*}): {@link EdgeKeys} for the response
 * filter (public responses carry their entity tags as edge keys), and with a
 * {@code corp-astro.cdn.provider} the purge outbox every entity invalidation writes to in its own
 * transaction, the {@link CdnPurger} of the provider and the worker that sends the outbox's purges,
 * with meters {@code corp-astro.cdn.purges.sent}, {@code corp-astro.cdn.purges.failed},
 * {@code corp-astro.cdn.outbox.age} and {@code corp-astro.cdn.outbox.size}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@EnableConfigurationProperties(CdnProperties.class)
public class CdnAutoConfiguration {

    /** Provider defaults of {@code corp-astro.cdn.max-calls-per-minute}. */
    private static final int VARNISH_CALLS = 6000;
    private static final int FASTLY_CALLS = 600;
    private static final int CLOUDFLARE_CALLS = 5;
    private static final int AKAMAI_CALLS = 100;

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "corp-astro.cdn", name = "enabled", matchIfMissing = true)
    EdgeKeys corpAstroEdgeKeys(CdnProperties properties) {
        return EdgeKeys.of(properties.getEdgeKeyHeaders());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcTemplate.class)
    @ConditionalOnExpression("!'${corp-astro.cdn.provider:none}'.trim().equalsIgnoreCase('none')")
    static class Purges {

        @Bean
        @ConditionalOnMissingBean
        CdnPurger corpAstroCdnPurger(CdnProperties properties, ObjectProvider<Clock> clock) {
            return purger(properties, HttpClient.newBuilder().connectTimeout(properties.getRequestTimeout()).build(),
                    clock.getIfUnique(Clock::systemUTC));
        }

        @Bean
        PurgeOutbox corpAstroCdnPurgeOutbox(CdnProperties properties, ObjectProvider<DataSource> dataSource,
                ObjectProvider<Clock> clock) {
            DataSource source = dataSource.getIfUnique();
            if (source == null) {
                throw new IllegalStateException("corp-astro.cdn.provider=" + properties.getProvider()
                        + " needs the application's DataSource for its purge outbox, found none (or several)");
            }
            return new PurgeOutbox(new JdbcTemplate(source), properties.getOutboxTable(),
                    clock.getIfUnique(Clock::systemUTC), properties.getEntityTypes());
        }

        @Bean
        PurgeWorker corpAstroCdnPurgeWorker(CdnProperties properties, PurgeOutbox outbox, CdnPurger purger,
                ObjectProvider<DataSource> dataSource, ObjectProvider<Clock> clock) {
            int batch = properties.getBatchSize() == 0 ? purger.maxKeysPerCall() : properties.getBatchSize();
            int calls = properties.getMaxCallsPerMinute() == 0 ? defaultCallsPerMinute(properties.getProvider())
                    : properties.getMaxCallsPerMinute();
            PurgeWorker worker = new PurgeWorker(outbox, purger,
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource.getObject())), batch, calls,
                    properties.getClaimSize(), properties.getPollInterval(), properties.getInitialBackoff(),
                    properties.getMaxBackoff(), clock.getIfUnique(Clock::systemUTC));
            outbox.onCommit(worker::nudge);
            return worker;
        }

        // A MeterBinder is bound to whatever registry exists, so no condition on the registry's bean.
        @Bean
        @ConditionalOnClass(MeterRegistry.class)
        MeterBinder corpAstroCdnMeters(PurgeWorker worker, CdnPurger purger) {
            return registry -> {
                FunctionCounter.builder("corp-astro.cdn.purges.sent", worker, PurgeWorker::sent)
                        .description("Edge keys the CDN accepted purges of").tag("provider", purger.name())
                        .register(registry);
                FunctionCounter.builder("corp-astro.cdn.purges.failed", worker, PurgeWorker::failed)
                        .description("Edge keys whose purge call failed (each retry counts)")
                        .tag("provider", purger.name()).register(registry);
                Gauge.builder("corp-astro.cdn.outbox.age", worker, w -> w.outboxAge().toMillis() / 1000.0)
                        .description("Age of the oldest purge waiting in the outbox").baseUnit("seconds")
                        .register(registry);
                Gauge.builder("corp-astro.cdn.outbox.size", worker, PurgeWorker::outboxSize)
                        .description("Purges waiting in the outbox").register(registry);
            };
        }
    }

    /** The purger of {@code properties.provider}; fails with the missing setting in the message. */
    static CdnPurger purger(CdnProperties properties, HttpClient client, Clock clock) {
        Duration timeout = properties.getRequestTimeout();
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("corp-astro.cdn.request-timeout must be > 0, was " + timeout);
        }
        if (properties.getBatchSize() < 0) {
            throw new IllegalArgumentException("corp-astro.cdn.batch-size must be >= 0, was " + properties.getBatchSize());
        }
        String url = properties.getPurgeUrl() == null ? "" : properties.getPurgeUrl().trim();
        boolean soft = properties.isSoftPurge();
        return switch (properties.getProvider()) {
            case VARNISH -> new VarnishPurger(URI.create(required(url, "purge-url (CDN_PURGE_URL)", "varnish")), soft,
                    client, timeout);
            case FASTLY -> new FastlyPurger(url.isEmpty() ? FastlyPurger.DEFAULT_URL : url,
                    required(properties.getServiceId(), "service-id (CDN_SERVICE_ID)", "fastly"),
                    required(properties.getApiToken(), "api-token (CDN_API_TOKEN)", "fastly"), soft, client, timeout);
            case CLOUDFLARE -> new CloudflarePurger(url.isEmpty() ? CloudflarePurger.DEFAULT_URL : url,
                    required(properties.getServiceId(), "service-id (CDN_SERVICE_ID, the zone id)", "cloudflare"),
                    required(properties.getApiToken(), "api-token (CDN_API_TOKEN)", "cloudflare"), client, timeout);
            case AKAMAI -> new AkamaiPurger(required(url, "purge-url (CDN_PURGE_URL)", "akamai"),
                    properties.getServiceId(), required(properties.getApiToken(), "api-token (CDN_API_TOKEN)", "akamai"),
                    soft, client, timeout, clock);
            case NONE -> throw new IllegalArgumentException("corp-astro.cdn.provider is none: no purger");
        };
    }

    static int defaultCallsPerMinute(CdnProperties.Provider provider) {
        return switch (provider) {
            case VARNISH, NONE -> VARNISH_CALLS;
            case FASTLY -> FASTLY_CALLS;
            case CLOUDFLARE -> CLOUDFLARE_CALLS;
            case AKAMAI -> AKAMAI_CALLS;
        };
    }

    private static String required(String value, String property, String provider) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("corp-astro.cdn." + property + " is required for provider " + provider
                    + ", was empty");
        }
        return value.trim();
    }
}
