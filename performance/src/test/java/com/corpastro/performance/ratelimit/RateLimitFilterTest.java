package com.corpastro.performance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.error.AppError;
import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;
import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.RequestIdentity;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The rate limit filter, behind the filter that answers errors of filters, when resolving the caller is itself refused. */
class RateLimitFilterTest {

    private static final EndpointPolicy API = new EndpointPolicy("api", 100, Duration.ofMinutes(1),
            EndpointPolicy.RateLimitKey.USER, null);

    @Test
    void anErrorFromResolvingTheCallerIsAnsweredAsItsProblemWithoutReachingTheApplication() throws Exception {
        RequestIdentity refusing = request -> {
            throw new AppError(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many token lookups.",
                    Map.of("Retry-After", "7"));
        };
        RateLimitFilter filter = new RateLimitFilter(EndpointClassifier.of(Map.of("api", List.of("/api/**")), "api"),
                Map.of("api", API), new LocalRateLimiter(Clock.systemUTC(), 100), refusing,
                ClientAddressResolver.direct(), "urn:test:problem:");
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/me");
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicBoolean reached = new AtomicBoolean();
        MockFilterChain chain = new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) {
                reached.set(true);
            }
        }, errorFilter(), filter);

        chain.doFilter(request, response);

        assertThat(reached).isFalse();
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("7");
        assertThat(response.getContentAsString()).contains("\"code\":\"rate_limited\"")
                .contains("Too many token lookups.");
    }

    /** The filter that answers errors of the filters after it, as the error handling's auto-configuration registers it. */
    private static Filter errorFilter() {
        AtomicReference<Filter> filter = new AtomicReference<>();
        new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(ProblemDetailsAutoConfiguration.class))
                .withPropertyValues("corp-astro.error.type-base=urn:test:problem:")
                .run(context -> filter.set(context.getBean("corpAstroEmptyErrorResponseFilter",
                        FilterRegistrationBean.class).getFilter()));
        return filter.get();
    }
}
