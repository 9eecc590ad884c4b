package com.corpastro.performance.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import com.corpastro.performance.error.AppError;

/**
 * {@code GET /ws}: the token in {@code Authorization: Bearer} or a first message
 * {@code {"type":"auth","token":...}} within {@code corp-astro.realtime.auth-timeout}; then
 * {@code {"type":"subscribe","businessId":...}} (or {@code "topic":"admin"} for admins, optionally
 * {@code "lastEventId"}), {@code unsubscribe}, and {@code ping} (answered {@code pong}). Close codes:
 * 1008 for a bad token, a forbidden subscription or a missed auth deadline; 1013 beyond the
 * connection limits, beyond the application's token lookups per client ({@code rate_limited}) or
 * when the token cannot be checked now ({@code unavailable}); 1001 when the node shuts down; 1003
 * for a message that is not understood; 4008 for a slow consumer.
 */
final class RealtimeWebSocketHandler extends TextWebSocketHandler implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(RealtimeWebSocketHandler.class);
    private static final String TOKEN = "corp-astro.realtime.token";
    private static final String CONNECTION = "corp-astro.realtime.connection";
    private static final String CLIENT = "corp-astro.realtime.client";
    /** The admin stream's topic. */
    static final String ADMIN_TOPIC = EventHub.ADMIN_TOPIC;

    private final EventHub hub;
    private final RealtimeAccess access;
    private final Function<String, Map<String, Object>> parser;
    private final Function<Object, String> writer;
    private final EventHub.Scheduler scheduler;
    private final Duration authTimeout;

    RealtimeWebSocketHandler(EventHub hub, RealtimeAccess access, Function<String, Map<String, Object>> parser,
            Function<Object, String> writer, EventHub.Scheduler scheduler, Duration authTimeout) {
        this.hub = hub;
        this.access = access;
        this.parser = parser;
        this.writer = writer;
        this.scheduler = scheduler;
        this.authTimeout = authTimeout;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        String header = request.getHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            attributes.put(TOKEN, header.substring(7).trim());
        }
        if (request instanceof ServletServerHttpRequest servlet) {
            attributes.put(CLIENT, access.client(servlet.getServletRequest()));
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        Object token = session.getAttributes().get(TOKEN);
        if (token instanceof String text && !text.isEmpty()) {
            authenticate(session, text);
        } else {
            scheduler.schedule(() -> {
                if (session.isOpen() && connection(session) == null) {
                    close(session, CloseStatus.POLICY_VIOLATION.withReason("auth_timeout"));
                }
            }, authTimeout);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
        Map<String, Object> body;
        try {
            body = parser.apply(message.getPayload());
        } catch (RuntimeException e) {
            close(session, CloseStatus.NOT_ACCEPTABLE.withReason("bad_message"));
            return;
        }
        Object type = body == null ? null : body.get("type");
        WebSocketConnection connection = connection(session);
        if ("auth".equals(type) && connection == null) {
            authenticate(session, body.get("token") instanceof String t ? t : "");
            return;
        }
        if (connection == null) {
            close(session, CloseStatus.POLICY_VIOLATION.withReason("auth_required"));
            return;
        }
        switch (String.valueOf(type)) {
            case "subscribe" -> subscribe(connection, session, body);
            case "unsubscribe" -> topic(connection, body).ifPresent(topic -> {
                hub.unsubscribe(connection, topic);
                reply(connection, Map.of("type", "unsubscribed", "topic", topic));
            });
            case "ping" -> reply(connection, Map.of("type", "pong"));
            default -> close(session, CloseStatus.NOT_ACCEPTABLE.withReason("bad_message"));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        WebSocketConnection connection = connection(session);
        if (connection != null) {
            connection.close("gone");
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return false;
    }

    private void authenticate(WebSocketSession session, String token) {
        Optional<RealtimePrincipal> principal;
        try {
            Object client = session.getAttributes().get(CLIENT);
            principal = token.isEmpty() ? Optional.empty()
                    : client instanceof String key ? access.authenticate(token, key) : access.authenticate(token);
        } catch (AppError refused) {
            if (refused.status() != HttpStatus.TOO_MANY_REQUESTS) {
                unavailable(session, refused);
                return;
            }
            log.info("event=realtime_refused transport=websocket reason=rate_limited");
            close(session, CloseStatus.SERVICE_OVERLOAD.withReason("rate_limited"));
            return;
        } catch (RuntimeException failure) {
            unavailable(session, failure);
            return;
        }
        if (principal.isEmpty()) {
            close(session, CloseStatus.POLICY_VIOLATION.withReason("invalid_token"));
            return;
        }
        String refused = hub.admit(principal.get());
        if (refused != null) {
            close(session, "stopping".equals(refused) ? CloseStatus.GOING_AWAY
                    : CloseStatus.SERVICE_OVERLOAD.withReason("too_many_connections"));
            return;
        }
        WebSocketConnection connection = new WebSocketConnection(hub, principal.get(), session);
        session.getAttributes().put(CONNECTION, connection);
        hub.opened(connection);
        reply(connection, Map.of("type", "ready"));
    }

    /**
     * The token could not be checked (e.g. the database pool is busy): close 1013, try again later,
     * with one log line, as an HTTP request gets 503 without a stack trace.
     */
    private static void unavailable(WebSocketSession session, RuntimeException failure) {
        log.warn("event=realtime_auth_unavailable transport=websocket error=\"{}\"", failure.toString());
        close(session, CloseStatus.SERVICE_OVERLOAD.withReason("unavailable"));
    }

    private void subscribe(WebSocketConnection connection, WebSocketSession session, Map<String, Object> body) {
        Optional<String> topic = topic(connection, body);
        if (topic.isEmpty()) {
            log.info("event=realtime_forbidden transport=websocket principal={}", connection.principal.key());
            connection.close("forbidden");
            return;
        }
        Object lastEventId = body.get("lastEventId");
        reply(connection, Map.of("type", "subscribed", "topic", topic.get()));
        if (!hub.subscribe(connection, topic.get(), lastEventId == null ? null : String.valueOf(lastEventId))) {
            reply(connection, Map.of("type", "resync", "topic", topic.get()));
        }
    }

    /** The topic a (un)subscribe message names, if the connection's principal may read it. */
    private Optional<String> topic(WebSocketConnection connection, Map<String, Object> body) {
        if (ADMIN_TOPIC.equals(body.get("topic"))) {
            return connection.principal.admin() ? Optional.of(ADMIN_TOPIC) : Optional.empty();
        }
        Object businessId = body.get("businessId");
        if (businessId == null) {
            return Optional.empty();
        }
        return access.topic(connection.principal, String.valueOf(businessId));
    }

    private void reply(WebSocketConnection connection, Map<String, Object> message) {
        try {
            connection.send(new TextMessage(writer.apply(message)));
        } catch (IOException | RuntimeException e) {
            connection.close("gone");
        }
    }

    private static WebSocketConnection connection(WebSocketSession session) {
        return (WebSocketConnection) session.getAttributes().get(CONNECTION);
    }

    static void close(WebSocketSession session, CloseStatus status) {
        try {
            if (session.isOpen()) {
                session.close(status);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("event=realtime_close_failed error=\"{}\"", e.toString());
        }
    }
}
