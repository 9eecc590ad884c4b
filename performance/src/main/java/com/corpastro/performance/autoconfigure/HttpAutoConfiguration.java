package com.corpastro.performance.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.compression.Compression;
import com.corpastro.performance.compression.ContentCoding;
import com.corpastro.performance.error.ProblemDetailsHandler;
import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.MicrometerResponseTimes;
import com.corpastro.performance.http.PathFirewallFilter;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;
import com.corpastro.performance.http.ResponseTimeFilter;
import com.corpastro.performance.http.ResponseTimeListener;
import com.corpastro.performance.http.SecurityHeadersFilter;
import com.corpastro.performance.response.ResponseFilter;
import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The HTTP layer's servlet filters, each switched by {@code corp-astro.http.*.enabled} (all on by
 * default), outermost first: {@link PathFirewallFilter} (400 {@code invalid_path} for paths not in
 * canonical form), {@link ResponseTimeFilter}, {@link SecurityHeadersFilter}, the rate
 * limit (see {@link RateLimitAutoConfiguration}) and {@link ResponseFilter} (cache headers, ETag,
 * compression, response cache). Also provides the shared pieces, each backing off when the
 * application defines its own bean: {@link RequestIdentity} (a hash of the bearer token),
 * {@link ClientAddressResolver} (from {@code corp-astro.http.trusted-proxies}) and
 * {@link EndpointClassifier} (from {@code corp-astro.http.endpoint-types.*.patterns}).
 */
@AutoConfiguration(afterName = "com.corpastro.performance.autoconfigure.PerformanceCacheAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties({ HttpProperties.class, ErrorProperties.class })
public class HttpAutoConfiguration {

    /** Order of the path firewall: right after the request id, before anything reads the path. */
    public static final int PATH_FIREWALL_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;
    /** Order of the timing filter: it sees every request first. */
    public static final int TIMING_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /** Order of the security headers filter. */
    public static final int SECURITY_HEADERS_ORDER = Ordered.HIGHEST_PRECEDENCE + 20;
    /** Order of the rate limit filter: before anything that costs work, cache hits included. */
    public static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 30;
    /** Order of the response filter (cache headers, ETag, compression, response cache). */
    public static final int RESPONSE_ORDER = Ordered.HIGHEST_PRECEDENCE + 40;

    private static final Logger log = LoggerFactory.getLogger(HttpAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    RequestIdentity requestIdentity() {
        return RequestIdentity.bearerTokenHash();
    }

    @Bean
    @ConditionalOnMissingBean
    ClientAddressResolver clientAddressResolver(HttpProperties properties) {
        return ClientAddressResolver.of(properties.getTrustedProxies());
    }

    @Bean
    @ConditionalOnMissingBean
    EndpointClassifier endpointClassifier(HttpProperties properties) {
        properties.policies();
        return EndpointClassifier.of(properties.patterns(), properties.getDefaultEndpointType());
    }

    @Bean
    @ConditionalOnProperty(prefix = "corp-astro.http.path-firewall", name = "enabled", matchIfMissing = true)
    FilterRegistrationBean<PathFirewallFilter> corpAstroPathFirewallFilter(ObjectProvider<ProblemDetailsHandler> problems,
            ErrorProperties errors) {
        return registration(new PathFirewallFilter(problems.getIfAvailable(
                () -> new ProblemDetailsHandler(errors.getTypeBase()))), PATH_FIREWALL_ORDER);
    }

    @Bean
    @ConditionalOnProperty(prefix = "corp-astro.http.timing", name = "enabled", matchIfMissing = true)
    FilterRegistrationBean<ResponseTimeFilter> corpAstroResponseTimeFilter(HttpProperties properties,
            ObjectProvider<ResponseTimeListener> listeners, ObjectProvider<MeterRegistry> meters) {
        List<ResponseTimeListener> all = new ArrayList<>(listeners.orderedStream().toList());
        meters.ifAvailable(registry -> all.add(new MicrometerResponseTimes(registry)));
        ResponseTimeFilter filter = new ResponseTimeFilter(all, properties.getTiming().getSlowThreshold(),
                Ticker.systemTicker());
        return registration(filter, TIMING_ORDER);
    }

    @Bean
    @ConditionalOnProperty(prefix = "corp-astro.http.security-headers", name = "enabled", matchIfMissing = true)
    FilterRegistrationBean<SecurityHeadersFilter> corpAstroSecurityHeadersFilter(HttpProperties properties,
            ClientAddressResolver addresses) {
        HttpProperties.SecurityHeaders headers = properties.getSecurityHeaders();
        return registration(new SecurityHeadersFilter(addresses, headers.getReferrerPolicy(),
                headers.getContentSecurityPolicy(), headers.getStrictTransportSecurity()), SECURITY_HEADERS_ORDER);
    }

    @Bean
    @ConditionalOnExpression("${corp-astro.http.compression.enabled:true} or ${corp-astro.http.etag.enabled:true}"
            + " or ${corp-astro.http.response-cache.enabled:true}")
    FilterRegistrationBean<ResponseFilter> corpAstroResponseFilter(HttpProperties properties,
            EndpointClassifier classifier, RequestIdentity identity, ObjectProvider<CacheManager> caches,
            Environment environment) {
        ResponseFilter.Builder builder = ResponseFilter.builder()
                .cacheHeaders(classifier, properties.policies())
                .etags(properties.getEtag().isEnabled())
                .maxBuffer(properties.getMaxBufferSize().toBytes());
        HttpProperties.Compression compression = properties.getCompression();
        if (compression.isEnabled()) {
            if (environment.getProperty("server.compression.enabled", Boolean.class, false)) {
                throw new IllegalStateException("server.compression.enabled=true would compress responses a second "
                        + "time; turn it off, or set corp-astro.http.compression.enabled=false");
            }
            builder.compression(Compression.builder()
                    .codings(compression.getCodings().stream().map(ContentCoding::fromToken).toList())
                    .minSize(compression.getMinSize().toBytes())
                    .mimeTypes(compression.getMimeTypes())
                    .brotliQuality(compression.getBrotliQuality())
                    .zstdLevel(compression.getZstdLevel())
                    .gzipLevel(compression.getGzipLevel())
                    .build());
        }
        HttpProperties.ResponseCache cache = properties.getResponseCache();
        if (cache.isEnabled() && !cache.getRoutes().isEmpty()) {
            CacheManager manager = caches.getIfAvailable();
            if (manager == null) {
                log.warn("event=response_cache_off reason=no_cache_manager routes={}", cache.getRoutes());
            } else {
                builder.responseCache(manager, RequestPatterns.of(cache.getRoutes()), positive(cache.getTtl(),
                        "corp-astro.http.response-cache.ttl"), RequestIdentity.oncePerRequest(identity))
                        .cacheKeyHost(cache.getHost() == null ? "" : cache.getHost())
                        .maxEntrySize(cache.getMaxEntrySize().toBytes());
            }
        }
        return registration(builder.build(), RESPONSE_ORDER);
    }

    static Duration positive(Duration value, String property) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be > 0, was " + value);
        }
        return value;
    }

    static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
