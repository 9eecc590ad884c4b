package com.corpastro.backend.account;

import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.corpastro.performance.error.AppError;
import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.ratelimit.RateLimitDecision;
import com.corpastro.performance.ratelimit.RateLimiter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Keeps invented tokens away from the database: token hashes the database did not know are
 * remembered for {@code corp-astro.auth.negative-cache-ttl}, and every lookup that would reach the
 * database first takes a token from the client IP's "token-lookup" bucket of the shared
 * {@link RateLimiter} (in Redis when configured). Without a RateLimiter bean (rate limits switched
 * off) lookups are not limited.
 *
 * <p>A new user's token is never refused by the negative cache: it is 32 fresh random bytes, so
 * nobody can have presented it before it existed, and sign-up also forgets its hash here.
 */
@Component
class TokenLookupGuard {

    static final String POLICY_NAME = "token-lookup";

    private final Cache<String, Boolean> unknown;
    private final RateLimiter limiter;
    private final EndpointPolicy policy;
    private final ClientAddressResolver addresses;

    @Autowired
    TokenLookupGuard(AuthProperties properties, ObjectProvider<RateLimiter> limiter,
            ObjectProvider<ClientAddressResolver> addresses) {
        this(properties, limiter.getIfAvailable(), addresses.getIfAvailable(ClientAddressResolver::direct),
                Ticker.systemTicker());
    }

    TokenLookupGuard(AuthProperties properties, RateLimiter limiter, ClientAddressResolver addresses, Ticker ticker) {
        this.unknown = Caffeine.newBuilder().maximumSize(properties.getNegativeCacheSize())
                .expireAfterWrite(properties.getNegativeCacheTtl()).ticker(ticker)
                // Maintenance on the calling thread: no pool thread woken on the request path.
                .executor(Runnable::run).build();
        this.limiter = limiter;
        this.policy = new EndpointPolicy(POLICY_NAME, properties.getTokenLookupsPerMinute(), Duration.ofMinutes(1),
                EndpointPolicy.RateLimitKey.IP, null);
        this.addresses = addresses;
    }

    /** Whether the database recently answered that no user holds the token with this hash. */
    boolean isKnownUnknown(String tokenHash) {
        return unknown.getIfPresent(tokenHash) != null;
    }

    void rememberUnknown(String tokenHash) {
        unknown.put(tokenHash, Boolean.TRUE);
    }

    void forget(String tokenHash) {
        unknown.invalidate(tokenHash);
    }

    /**
     * Takes one token lookup from the bucket of {@code request}'s client IP; 429 rate_limited with
     * {@code Retry-After} when it is empty.
     */
    void acquireLookup(HttpServletRequest request) {
        acquireLookup(clientKey(request));
    }

    /** The bucket key part of {@code request}'s client (its IP, behind trusted proxies the forwarded one). */
    String clientKey(HttpServletRequest request) {
        return addresses.clientKey(request);
    }

    /** As {@link #acquireLookup(HttpServletRequest)}, for a client known by {@link #clientKey} (a WebSocket's). */
    void acquireLookup(String clientKey) {
        if (limiter == null) {
            return;
        }
        RateLimitDecision decision = limiter.tryAcquire(policy, "ip:" + clientKey);
        if (!decision.allowed()) {
            long retryAfter = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            throw new AppError(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Too many API token lookups from this address: at most " + policy.limit()
                            + " token lookups a minute. Retry in " + retryAfter + " s.",
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)));
        }
    }
}
