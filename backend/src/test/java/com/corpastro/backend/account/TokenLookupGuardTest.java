package com.corpastro.backend.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import com.corpastro.performance.error.AppError;
import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.ratelimit.LocalRateLimiter;

class TokenLookupGuardTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Clock frozen = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void anUnknownTokenIsRememberedForTheTtlOnly() {
        TokenLookupGuard guard = guard(properties(60, Duration.ofSeconds(30), 100));
        guard.rememberUnknown("hash-1");

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(guard.isKnownUnknown("hash-1")).isTrue();
        assertThat(guard.isKnownUnknown("hash-2")).isFalse();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(guard.isKnownUnknown("hash-1")).isFalse();
    }

    @Test
    void theRememberedUnknownTokensAreBounded() {
        TokenLookupGuard guard = guard(properties(60, Duration.ofSeconds(30), 10));
        IntStream.range(0, 1_000).forEach(i -> guard.rememberUnknown("hash-" + i));

        assertThat(IntStream.range(0, 1_000).filter(i -> guard.isKnownUnknown("hash-" + i)).count())
                .isLessThanOrEqualTo(10);
    }

    @Test
    void signUpForgetsAHashSoItsTokenIsNeverRefusedAsUnknown() {
        TokenLookupGuard guard = guard(properties(60, Duration.ofSeconds(30), 100));
        guard.rememberUnknown("hash-1");
        guard.forget("hash-1");
        assertThat(guard.isKnownUnknown("hash-1")).isFalse();
    }

    @Test
    void eachAddressMayLookUpItsLimitThenGets429WithRetryAfter() {
        TokenLookupGuard guard = guard(properties(3, Duration.ofSeconds(30), 100));
        for (int i = 0; i < 3; i++) {
            guard.acquireLookup(from("203.0.113.7"));
        }

        AppError refused = catchThrowableOfType(AppError.class, () -> guard.acquireLookup(from("203.0.113.7")));

        assertThat(refused.status().value()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("rate_limited");
        // Three a minute: the next one is due in 20 s on the frozen clock.
        assertThat(refused.headers()).containsEntry("Retry-After", "20");
        assertThatNoException().isThrownBy(() -> guard.acquireLookup(from("198.51.100.1")));
    }

    @Test
    void withoutARateLimiterLookupsAreNotLimited() {
        TokenLookupGuard guard = new TokenLookupGuard(properties(1, Duration.ofSeconds(30), 100), null,
                ClientAddressResolver.direct(), nanos::get);
        assertThatNoException().isThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                guard.acquireLookup(from("203.0.113.7"));
            }
        });
    }

    private TokenLookupGuard guard(AuthProperties properties) {
        return new TokenLookupGuard(properties, new LocalRateLimiter(frozen, 1_000), ClientAddressResolver.direct(),
                nanos::get);
    }

    private static AuthProperties properties(long lookupsPerMinute, Duration ttl, long size) {
        AuthProperties properties = new AuthProperties();
        properties.setTokenLookupsPerMinute(lookupsPerMinute);
        properties.setNegativeCacheTtl(ttl);
        properties.setNegativeCacheSize(size);
        return properties;
    }

    private static MockHttpServletRequest from(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/me");
        request.setRemoteAddr(address);
        return request;
    }
}
