package com.corpastro.backend.events;

import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.corpastro.backend.account.Authenticator;
import com.corpastro.backend.account.Caller;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.realtime.RealtimeAccess;
import com.corpastro.performance.realtime.RealtimePrincipal;

import jakarta.servlet.http.HttpServletRequest;

/** The WebSocket's rules: a user's API token or the admin token; a business's topic for its owner or an admin. */
@Component
@ConditionalOnProperty(prefix = "corp-astro.realtime", name = "enabled", matchIfMissing = true)
class RealtimeAccessRules implements RealtimeAccess {

    private final Authenticator authenticator;
    private final BusinessService businesses;

    RealtimeAccessRules(Authenticator authenticator, BusinessService businesses) {
        this.authenticator = authenticator;
        this.businesses = businesses;
    }

    static RealtimePrincipal principal(Caller caller) {
        return new RealtimePrincipal(caller.userId() != null ? "user:" + caller.userId() : "admin", caller.admin(),
                caller);
    }

    /** Without a handshake's client: the WebSocket handler always names one (see below). */
    @Override
    public Optional<RealtimePrincipal> authenticate(String bearerToken) {
        return authenticate(bearerToken, "unknown");
    }

    @Override
    public String client(HttpServletRequest handshake) {
        return authenticator.clientKey(handshake);
    }

    /** The token's holder; a database lookup draws on the client's token-lookup bucket, as over HTTP. */
    @Override
    public Optional<RealtimePrincipal> authenticate(String bearerToken, String client) {
        return authenticator.resolveToken(bearerToken, client).map(RealtimeAccessRules::principal);
    }

    @Override
    public Optional<String> topic(RealtimePrincipal principal, String businessId) {
        if (!(principal.details() instanceof Caller caller)) {
            return Optional.empty();
        }
        long id;
        try {
            id = Long.parseLong(businessId.trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        try {
            businesses.get(caller, id);
            return Optional.of(BusinessEvents.topic(id));
        } catch (AppError notFound) {
            return Optional.empty();
        }
    }
}
