package com.corpastro.performance.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.RequestIdentity;
import com.corpastro.performance.error.ProblemDetailsHandler;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Rate limits by endpoint type: each request takes a token from the bucket of its endpoint type
 * and key (the authenticated user, else the client; or always the client for types keyed by IP),
 * where the client is its IPv4 address or its IPv6 /64 ({@link ClientAddressResolver#clientKey}).
 * Every limited response carries {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi
 * ratelimit-headers draft); a refused request gets 429 with {@code Retry-After} and a
 * problem+json body with code {@code rate_limited}.
 *
 * <pre>
 * RateLimit-Policy: "content";q=300;w=60
 * RateLimit: "content";r=299;t=1
 * </pre>
 */
final class RateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final EndpointClassifier classifier;
    private final Map<String, EndpointPolicy> policies;
    /** The {@code RateLimit-Policy} value of each endpoint type, made once. */
    private final Map<String, String> policyHeaders;
    private final RateLimiter limiter;
    private final RequestIdentity identity;
    private final ClientAddressResolver addresses;
    private final ProblemDetailsHandler problems;

    /**
     * @param classifier  finds the endpoint type of a request
     * @param policies    the policy of every endpoint type; types without one are not limited
     * @param limiter     the token buckets
     * @param identity    the authenticated user of a request
     * @param addresses   the client of a request (its address, or its /64 for IPv6)
     * @param problemType the prefix of the problem {@code type}, e.g. {@code urn:corp-astro:problem:}
     */
    RateLimitFilter(EndpointClassifier classifier, Map<String, EndpointPolicy> policies, RateLimiter limiter,
            RequestIdentity identity, ClientAddressResolver addresses, String problemType) {
        this.classifier = classifier;
        this.policies = Map.copyOf(policies);
        this.policyHeaders = this.policies.entrySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                Map.Entry::getKey, entry -> "\"" + entry.getValue().name() + "\";q=" + entry.getValue().limit() + ";w="
                        + seconds(entry.getValue().period())));
        this.limiter = limiter;
        this.identity = identity;
        this.addresses = addresses;
        this.problems = new ProblemDetailsHandler(problemType);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = classifier.classify(request);
        EndpointPolicy policy = policies.get(type);
        if (policy == null) {
            chain.doFilter(request, response);
            return;
        }
        // Resolving the caller may itself be refused (an application limiting its token lookups
        // answers 429): that AppError is answered by the EmptyErrorResponseFilter around every filter.
        String key = key(policy, request);
        RateLimitDecision decision = limiter.tryAcquire(policy, key);
        long window = seconds(policy.period());
        response.setHeader("RateLimit-Policy", policyHeaders.get(type));
        if (decision.allowed()) {
            response.setHeader("RateLimit", "\"" + policy.name() + "\";r=" + decision.remaining() + ";t="
                    + seconds(decision.resetAfter()));
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, seconds(decision.retryAfter()));
        response.setHeader("RateLimit", "\"" + policy.name() + "\";r=0;t=" + retryAfter);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        log.info("event=rate_limited type={} key_kind={} method={} path={} retry_after_s={}", policy.name(),
                key.substring(0, key.indexOf(':')), request.getMethod(), request.getRequestURI(), retryAfter);
        problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                "Too many requests for endpoint type '" + policy.name() + "': the limit is " + policy.limit()
                        + " per " + window + " s. Retry in " + retryAfter + " s.");
    }

    private String key(EndpointPolicy policy, HttpServletRequest request) {
        if (policy.key() == EndpointPolicy.RateLimitKey.USER) {
            var user = identity.userKey(request);
            if (user.isPresent()) {
                return "user:" + user.get();
            }
        }
        return "ip:" + addresses.clientKey(request);
    }

    /** Whole seconds, rounded up. */
    private static long seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }
}
