package com.corpastro.performance.http;

import java.util.HexFormat;
import java.util.Optional;

import com.corpastro.performance.admin.TokenAdminAccess;
import com.corpastro.performance.internal.Sha256;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling, as far as the HTTP layer needs to know: rate limits count per user and the
 * response cache keeps private responses per user. The application supplies a bean that asks its
 * own authentication; without one, {@link #bearerTokenHash()} keys by a hash of the bearer token.
 *
 * <pre>{@code
 * @Bean
 * RequestIdentity requestIdentity(Authenticator authenticator) {
 *     return request -> authenticator.userOf(request).map(user -> "user:" + user.id());
 * }
 * }</pre>
 *
 * <p>The key must be the same for every request of one user and differ between users; it is
 * used in cache keys and Redis keys, so it should not be a secret itself. Return empty for a
 * token that does not authenticate: otherwise a client could mint a fresh rate-limit key with
 * every invented token (the {@link #bearerTokenHash() default} cannot check tokens, so
 * applications should provide a bean that does).
 */
@FunctionalInterface
public interface RequestIdentity {

    /** A stable key for the authenticated caller, or empty for an anonymous request. */
    Optional<String> userKey(HttpServletRequest request);

    /**
     * {@code identity}, asked at most once per request: the answer is kept in a request attribute,
     * so the rate limit and the response cache do not each resolve the caller again.
     */
    static RequestIdentity oncePerRequest(RequestIdentity identity) {
        String attribute = RequestIdentity.class.getName() + ".userKey";
        return request -> {
            Object known = request.getAttribute(attribute);
            if (known instanceof Optional<?> optional) {
                return optional.map(String.class::cast);
            }
            Optional<String> key = identity.userKey(request);
            request.setAttribute(attribute, key);
            return key;
        };
    }

    /**
     * The default: {@code token:<first 32 hex digits of SHA-256(bearer token)>}, so two requests
     * with the same token share a key and the token itself never reaches a cache or log.
     */
    static RequestIdentity bearerTokenHash() {
        return request -> {
            String token = TokenAdminAccess.bearerToken(request);
            if (token == null) {
                return Optional.empty();
            }
            return Optional.of("token:" + HexFormat.of().formatHex(Sha256.digest(token), 0, 16));
        };
    }
}
