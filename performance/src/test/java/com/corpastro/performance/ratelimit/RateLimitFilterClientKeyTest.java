package com.corpastro.performance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;

/** Anonymous clients are limited by IPv4 address, or by IPv6 /64 so a fresh address buys no fresh bucket. */
class RateLimitFilterClientKeyTest {

    private final RateLimitFilter filter = new RateLimitFilter(
            EndpointClassifier.of(Map.of("auth", List.of("POST /api/users")), "auth"),
            Map.of("auth", new EndpointPolicy("auth", 2, Duration.ofMinutes(1), EndpointPolicy.RateLimitKey.IP, null)),
            new LocalRateLimiter(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), 1000),
            request -> Optional.empty(), ClientAddressResolver.of(List.of("10.0.0.0/8")), "urn:test:");

    @Test
    void addressesOfOneIpv6Slash64ShareABucket() throws Exception {
        assertThat(status("2001:db8:1:2::1", null)).isEqualTo(200);
        assertThat(status("2001:db8:1:2::2", null)).isEqualTo(200);
        assertThat(status("2001:db8:1:2:aaaa:bbbb:cccc:dddd", null)).isEqualTo(429);
        assertThat(status("2001:db8:1:3::1", null)).as("the next /64 is another client").isEqualTo(200);
    }

    @Test
    void forwardedIpv6ClientsBehindAProxyShareTheirSlash64Too() throws Exception {
        assertThat(status("10.0.0.1", "2001:db8:9:9::1")).isEqualTo(200);
        assertThat(status("10.0.0.2", "2001:db8:9:9::2")).isEqualTo(200);
        assertThat(status("10.0.0.1", "2001:db8:9:9::3")).isEqualTo(429);
    }

    @Test
    void ipv4AddressesAreEachTheirOwnClient() throws Exception {
        assertThat(status("198.51.100.1", null)).isEqualTo(200);
        assertThat(status("198.51.100.1", null)).isEqualTo(200);
        assertThat(status("198.51.100.1", null)).isEqualTo(429);
        assertThat(status("198.51.100.2", null)).isEqualTo(200);
    }

    private int status(String peer, String forwardedFor) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/users");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }
}
