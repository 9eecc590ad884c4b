package com.corpastro.performance.response;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.autoconfigure.FilterOrder;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;
import com.corpastro.performance.cdn.CdnAutoConfiguration;
import com.corpastro.performance.cdn.EdgeKeys;
import com.corpastro.performance.compression.Compression;
import com.corpastro.performance.compression.CompressionAutoConfiguration;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.HttpAutoConfiguration;
import com.corpastro.performance.http.HttpProperties;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.http.RequestPatterns;

/**
 * The {@link ResponseFilter} in servlet applications, innermost of the performance filters:
 * {@code Cache-Control} by endpoint type, weak ETags and 304s ({@code corp-astro.http.etag.enabled}),
 * the {@link Compression} of the compression feature, and the server-side response cache for
 * {@code corp-astro.http.response-cache.routes} in the application's {@link CacheManager}. Present
 * while any of ETags, compression and the response cache is on.
 */
@AutoConfiguration(after = { HttpAutoConfiguration.class, CompressionAutoConfiguration.class,
        PerformanceCacheAutoConfiguration.class, CdnAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties({ HttpProperties.class, ResponseCacheProperties.class })
public class ResponseAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ResponseAutoConfiguration.class);

    @Bean
    @ConditionalOnExpression("${corp-astro.http.compression.enabled:true} or ${corp-astro.http.etag.enabled:true}"
            + " or ${corp-astro.http.response-cache.enabled:true}")
    FilterRegistrationBean<ResponseFilter> corpAstroResponseFilter(HttpProperties properties,
            ResponseCacheProperties cache, EndpointClassifier classifier, RequestIdentity identity,
            ObjectProvider<Compression> compression, ObjectProvider<CacheManager> caches,
            ObjectProvider<EdgeKeys> edgeKeys) {
        ResponseFilter.Builder builder = ResponseFilter.builder()
                .cacheHeaders(classifier, properties.policies())
                .etags(properties.getEtag().isEnabled())
                .maxBuffer(properties.getMaxBufferSize().toBytes());
        compression.ifAvailable(builder::compression);
        edgeKeys.ifAvailable(builder::edgeKeys);
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
        return FilterOrder.registration(builder.build(), FilterOrder.RESPONSE);
    }

    private static Duration positive(Duration value, String property) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be > 0, was " + value);
        }
        return value;
    }
}
