package com.corpastro.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

import com.corpastro.performance.admin.AdminAccessAutoConfiguration;
import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;
import com.corpastro.performance.compression.CompressionAutoConfiguration;
import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;
import com.corpastro.performance.http.HttpAutoConfiguration;
import com.corpastro.performance.http.RequestBodyLimitAutoConfiguration;
import com.corpastro.performance.memory.MemoryAutoConfiguration;
import com.corpastro.performance.monitor.MetricPoint;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.MonitorAutoConfiguration;
import com.corpastro.performance.monitor.MonitorWebAutoConfiguration;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.ratelimit.RateLimitAutoConfiguration;
import com.corpastro.performance.response.ResponseAutoConfiguration;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The servlet filters every feature's auto-configuration registers, together: one filter per job,
 * one of them timing requests, for the response headers and the monitor alike.
 */
class FilterChainTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonitorAutoConfiguration.class,
                    PerformanceCacheAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
                    AdminAccessAutoConfiguration.class, MemoryAutoConfiguration.class, MonitorWebAutoConfiguration.class,
                    HttpAutoConfiguration.class, RequestBodyLimitAutoConfiguration.class,
                    CompressionAutoConfiguration.class, RateLimitAutoConfiguration.class, ResponseAutoConfiguration.class));

    @Test
    void everyJobHasOneFilterAndOneFilterTimesRequests() {
        runner.run(context -> assertThat(filters(context).stream().map(filter -> filter.getClass().getSimpleName()))
                .containsExactlyInAnyOrder("RequestIdFilter", "EmptyErrorResponseFilter", "PathFirewallFilter",
                        "ResponseTimeFilter", "SecurityHeadersFilter", "RequestBodyLimitFilter", "RateLimitFilter",
                        "AdminPathFilter", "ResponseFilter"));
    }

    @Test
    void theMonitorRecordsWhatTheTimerMeasuresAlsoWithTimingHeadersOff() {
        runner.run(context -> {
            MockHttpServletResponse response = get(context, "/api/things/7");
            assertThat(response.getHeader("X-Response-Time")).endsWith("ms");
            assertThat(responseTimes(context)).singleElement()
                    .satisfies(point -> assertThat(point.tags()).containsEntry("path", "/api/things/{id}"));
        });
        runner.withPropertyValues("corp-astro.http.timing.enabled=false").run(context -> {
            MockHttpServletResponse response = get(context, "/api/things/7");
            assertThat(response.getHeader("X-Response-Time")).isNull();
            assertThat(responseTimes(context)).hasSize(1);
        });
    }

    @Test
    void theMonitorsOwnPathsAreTimedButNotRecorded() {
        runner.run(context -> {
            assertThat(get(context, "/dashboard/index.html").getHeader("X-Response-Time")).endsWith("ms");
            assertThat(responseTimes(context)).isEmpty();
        });
    }

    private static List<MetricPoint> responseTimes(AssertableWebApplicationContext context) {
        return context.getBean(PerformanceMonitor.class).getMetrics(MetricType.RESPONSE_TIME,
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(60), Map.of());
    }

    private static MockHttpServletResponse get(AssertableWebApplicationContext context, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setRequestURI(path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        HttpServlet handler = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                req.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                        path.startsWith("/api/things/") ? "/api/things/{id}" : path);
                res.setContentType("text/plain");
                res.getWriter().write("ok");
            }
        };
        new MockFilterChain(handler, filters(context).toArray(Filter[]::new)).doFilter(request, response);
        return response;
    }

    /** The registered filters, outermost first. */
    private static List<Filter> filters(AssertableWebApplicationContext context) {
        return context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
                .map(registration -> (Filter) registration.getFilter())
                .toList();
    }
}
