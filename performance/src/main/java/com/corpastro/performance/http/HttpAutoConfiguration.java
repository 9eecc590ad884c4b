package com.corpastro.performance.http;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.autoconfigure.FilterOrder;
import com.corpastro.performance.error.ErrorProperties;
import com.corpastro.performance.error.ProblemDetailsHandler;
import com.github.benmanes.caffeine.cache.Ticker;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The HTTP layer's shared pieces and its own servlet filters in servlet applications, outermost
 * first: {@link PathFirewallFilter} (400 {@code invalid_path} for paths not in canonical form), the
 * request timer {@link ResponseTimeFilter} and {@link SecurityHeadersFilter}, each switched by
 * {@code corp-astro.http.*.enabled} (all on by default). The request body limits, the rate limit
 * and the response filter have auto-configurations of their own
 * ({@link RequestBodyLimitAutoConfiguration}, {@code ratelimit}, {@code response}). The shared pieces, each backing off
 * when the application defines its own bean: {@link RequestIdentity} (a hash of the bearer token),
 * {@link ClientAddressResolver} (from {@code corp-astro.http.trusted-proxies}) and
 * {@link EndpointClassifier} (from {@code corp-astro.http.endpoint-types.*.patterns}).
 *
 * <p>The request timer runs while {@code corp-astro.http.timing.enabled} is on, and also when it
 * is off but a {@link ResponseTimeListener} needs the timings (such as the monitor's request
 * metrics); then without headers, slow-request log and Micrometer timer.
 */
@AutoConfiguration(afterName = { "com.corpastro.performance.cache.PerformanceCacheAutoConfiguration",
        "com.corpastro.performance.monitor.MonitorWebAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties({ HttpProperties.class, ErrorProperties.class })
public class HttpAutoConfiguration {

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
        return FilterOrder.registration(new PathFirewallFilter(problems.getIfAvailable(
                () -> new ProblemDetailsHandler(errors.getTypeBase()))), FilterOrder.PATH_FIREWALL);
    }

    @Bean
    @Conditional(TimingNeeded.class)
    FilterRegistrationBean<ResponseTimeFilter> corpAstroResponseTimeFilter(HttpProperties properties,
            ObjectProvider<ResponseTimeListener> listeners, ObjectProvider<MeterRegistry> meters) {
        boolean timing = properties.getTiming().isEnabled();
        List<ResponseTimeListener> all = new ArrayList<>(listeners.orderedStream().toList());
        if (timing) {
            meters.ifAvailable(registry -> all.add(new MicrometerResponseTimes(registry)));
        }
        ResponseTimeFilter filter = new ResponseTimeFilter(all, timing, properties.getTiming().getSlowThreshold(),
                Ticker.systemTicker());
        return FilterOrder.registration(filter, FilterOrder.TIMING);
    }

    @Bean
    @ConditionalOnProperty(prefix = "corp-astro.http.security-headers", name = "enabled", matchIfMissing = true)
    FilterRegistrationBean<SecurityHeadersFilter> corpAstroSecurityHeadersFilter(HttpProperties properties,
            ClientAddressResolver addresses) {
        HttpProperties.SecurityHeaders headers = properties.getSecurityHeaders();
        return FilterOrder.registration(new SecurityHeadersFilter(addresses, headers.getReferrerPolicy(),
                headers.getContentSecurityPolicy(), headers.getStrictTransportSecurity()), FilterOrder.SECURITY_HEADERS);
    }

    /** The request timer is wanted for its headers, or by a listener of the timings. */
    static final class TimingNeeded extends AnyNestedCondition {

        TimingNeeded() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty(prefix = "corp-astro.http.timing", name = "enabled", matchIfMissing = true)
        static final class Enabled {
        }

        @ConditionalOnBean(ResponseTimeListener.class)
        static final class Listened {
        }
    }
}
