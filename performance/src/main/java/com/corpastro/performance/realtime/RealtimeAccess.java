package com.corpastro.performance.realtime;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The application's rules for the WebSocket endpoint: who a token belongs to, and which topic a
 * subscription names and whether the caller may read it. Without a bean of this type there is no
 * WebSocket endpoint; SSE streams are opened by the application's own controllers through
 * {@link SseStreams}, which check access themselves.
 *
 * <pre>{@code
 * @Bean
 * RealtimeAccess access(Users users, Businesses businesses) {
 *     return new RealtimeAccess() {
 *         public Optional<RealtimePrincipal> authenticate(String token) { ... }
 *         public Optional<String> topic(RealtimePrincipal who, String businessId) {
 *             return businesses.readableBy(who, businessId) ? Optional.of("business:" + businessId) : Optional.empty();
 *         }
 *     };
 * }
 * }</pre>
 */
public interface RealtimeAccess {

    /** The holder of {@code bearerToken}, or empty for an unknown token (close 1008). */
    Optional<RealtimePrincipal> authenticate(String bearerToken);

    /**
     * A key of the client making a WebSocket handshake, kept with the socket for
     * {@link #authenticate(String, String)}: the token may come in the first message, after the
     * handshake's request is gone. Default: the remote address.
     */
    default String client(HttpServletRequest handshake) {
        return handshake.getRemoteAddr();
    }

    /**
     * The holder of {@code bearerToken} sent by {@code client} (what {@link #client} answered), so
     * that per-client limits on token lookups apply as they do over HTTP: an
     * {@link com.corpastro.performance.error.AppError} with status 429 closes the socket 1013
     * {@code rate_limited}. Default: {@link #authenticate(String)}.
     */
    default Optional<RealtimePrincipal> authenticate(String bearerToken, String client) {
        return authenticate(bearerToken);
    }

    /**
     * The topic of a subscription to {@code businessId} if {@code principal} may read it; empty
     * when it may not (close 1008), exactly as for an id that does not exist.
     */
    Optional<String> topic(RealtimePrincipal principal, String businessId);
}
