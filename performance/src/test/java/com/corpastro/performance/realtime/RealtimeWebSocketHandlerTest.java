package com.corpastro.performance.realtime;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import com.corpastro.performance.error.AppError;
import com.corpastro.testing.MutableClock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

class RealtimeWebSocketHandlerTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aTokenThatCannotBeCheckedNowClosesTryAgainLaterInsteadOfFailingTheSocket() throws Exception {
        WebSocketSession session = sessionWithToken();

        handler(token -> {
            throw new IllegalStateException("Failed to obtain JDBC Connection");
        }).afterConnectionEstablished(session);

        verify(session).close(CloseStatus.SERVICE_OVERLOAD.withReason("unavailable"));
    }

    @Test
    void anEmptyTokenLookupBucketClosesRateLimited() throws Exception {
        WebSocketSession session = sessionWithToken();

        handler(token -> {
            throw new AppError(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "Too many API token lookups.");
        }).afterConnectionEstablished(session);

        verify(session).close(CloseStatus.SERVICE_OVERLOAD.withReason("rate_limited"));
    }

    private static WebSocketSession sessionWithToken() {
        WebSocketSession session = mock(WebSocketSession.class);
        Map<String, Object> attributes = new HashMap<>(Map.of("corp-astro.realtime.token", "some-token"));
        when(session.getAttributes()).thenReturn(attributes);
        when(session.isOpen()).thenReturn(true);
        return session;
    }

    private RealtimeWebSocketHandler handler(java.util.function.Function<String, Optional<RealtimePrincipal>> tokens) {
        EventHub hub = new EventHub(new RealtimeProperties(), new MutableClock(Instant.parse("2026-12-05T02:00:00Z")),
                System::nanoTime, json::writeValueAsString, Runnable::run, new SimpleMeterRegistry());
        RealtimeAccess access = new RealtimeAccess() {
            @Override
            public Optional<RealtimePrincipal> authenticate(String bearerToken) {
                return tokens.apply(bearerToken);
            }

            @Override
            public Optional<String> topic(RealtimePrincipal principal, String businessId) {
                return Optional.empty();
            }
        };
        return new RealtimeWebSocketHandler(hub, access, text -> Map.of(), json::writeValueAsString,
                EventHub.Scheduler.NONE, Duration.ofSeconds(5));
    }
}
