package com.corpastro.backend.account;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.admin.TokenAdminAccess;
import com.corpastro.performance.admin.AdminProperties;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.http.RequestIdentity;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Resolves the caller from {@code Authorization: Bearer <token>}: a user's API token, or the
 * shared admin token {@code corp-astro.admin.token} ({@code CORP_ASTRO_ADMIN_TOKEN}). Also tells the performance system's
 * admin endpoints who is an admin.
 */
@Component
public class Authenticator implements AdminAccess, RequestIdentity {

    private static final String CALLER_ATTRIBUTE = Authenticator.class.getName() + ".caller";
    private static final String NO_CALLER_ATTRIBUTE = Authenticator.class.getName() + ".noCaller";

    private final UserService users;
    private final TokenLookupGuard lookups;
    /** The performance system's own check of the same token: trimmed, at least 32 characters. */
    private final TokenAdminAccess adminToken;

    Authenticator(UserService users, TokenLookupGuard lookups, AdminProperties admin) {
        this.users = users;
        this.lookups = lookups;
        this.adminToken = new TokenAdminAccess(admin.getToken());
    }

    /** The authenticated caller, or 401 problem+json when the token is missing or unknown. */
    public Caller require(HttpServletRequest request) {
        String token = TokenAdminAccess.bearerToken(request);
        if (token == null) {
            throw new AppError(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "This endpoint needs an API token: send 'Authorization: Bearer <apiToken>'.");
        }
        return resolve(request).orElseThrow(() -> new AppError(HttpStatus.UNAUTHORIZED, "invalid_token",
                "The API token is not valid."));
    }

    /**
     * The authenticated caller, if the request carries a valid token; resolved once per request.
     * A token lookup that has to reach the database first takes one from the client IP's
     * token-lookup bucket, so this throws 429 rate_limited when that is empty.
     */
    public Optional<Caller> resolve(HttpServletRequest request) {
        Object known = request.getAttribute(CALLER_ATTRIBUTE);
        if (known instanceof Caller caller) {
            return Optional.of(caller);
        }
        String token = TokenAdminAccess.bearerToken(request);
        if (token == null || request.getAttribute(NO_CALLER_ATTRIBUTE) != null) {
            return Optional.empty();
        }
        Optional<Caller> caller;
        if (adminToken.matches(token)) {
            caller = Optional.of(new Caller(null, true));
        } else {
            caller = users.findByToken(token, () -> lookups.acquireLookup(request))
                    .map(user -> new Caller(user.id(), user.role() == Role.ADMIN));
        }
        if (caller.isPresent()) {
            request.setAttribute(CALLER_ATTRIBUTE, caller.get());
        } else {
            request.setAttribute(NO_CALLER_ATTRIBUTE, Boolean.TRUE);
        }
        return caller;
    }

    /**
     * The holder of {@code token} outside an HTTP request (a WebSocket's auth message) from the
     * client {@link #clientKey} named at its handshake: the admin token, or a user's API token
     * (looked up through the token cache, then the database). A lookup that has to reach the
     * database takes one from that client's token-lookup bucket, as over HTTP: 429 rate_limited
     * when it is empty.
     */
    public Optional<Caller> resolveToken(String token, String clientKey) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        if (adminToken.matches(token)) {
            return Optional.of(new Caller(null, true));
        }
        return users.findByToken(token, () -> lookups.acquireLookup(clientKey))
                .map(user -> new Caller(user.id(), user.role() == Role.ADMIN));
    }

    /** The key of {@code request}'s client in the token-lookup buckets (its IP, the forwarded one behind trusted proxies). */
    public String clientKey(HttpServletRequest request) {
        return lookups.clientKey(request);
    }

    /**
     * The rate-limit and private-response-cache key: the authenticated user, so an invented token
     * never earns a fresh bucket or another user's cached response.
     */
    @Override
    public Optional<String> userKey(HttpServletRequest request) {
        return resolve(request).map(caller -> caller.userId() != null ? "user:" + caller.userId() : "admin");
    }

    @Override
    public boolean isAdmin(HttpServletRequest request) {
        return resolve(request).map(Caller::admin).orElse(false);
    }
}
