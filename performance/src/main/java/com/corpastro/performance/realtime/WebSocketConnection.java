package com.corpastro.performance.realtime;

import java.io.IOException;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/** A WebSocket subscriber: events as text messages with the event's JSON, heartbeats as pings. */
final class WebSocketConnection extends Connection {

    /** Closed for falling behind (not a standard code: 4000-4999 are the application's). */
    static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "slow_consumer");

    private final WebSocketSession session;

    WebSocketConnection(EventHub hub, RealtimePrincipal principal, WebSocketSession session) {
        super(hub, principal, EventHub.WEBSOCKET);
        this.session = session;
    }

    @Override
    void write(RealtimeEvent event) throws IOException {
        send(new TextMessage(event.json()));
    }

    @Override
    void writeHeartbeat() throws IOException {
        send(new PingMessage());
    }

    /** One sender at a time: the writer task and the handler's replies share the session. */
    void send(org.springframework.web.socket.WebSocketMessage<?> message) throws IOException {
        synchronized (session) {
            session.sendMessage(message);
        }
    }

    @Override
    void end(String reason) {
        CloseStatus status = switch (reason) {
            case "shutdown" -> CloseStatus.GOING_AWAY;
            case "slow_consumer" -> SLOW_CONSUMER;
            case "forbidden" -> CloseStatus.POLICY_VIOLATION.withReason("forbidden");
            default -> CloseStatus.NORMAL;
        };
        RealtimeWebSocketHandler.close(session, status);
    }
}
