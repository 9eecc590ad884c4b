package com.corpastro.performance.realtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An SSE stream: an asynchronous response (no thread while idle) whose frames are written as the
 * pre-encoded bytes of each event, the same array for every subscriber.
 */
final class SseConnection extends Connection {

    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final SseEmitter emitter;

    SseConnection(EventHub hub, RealtimePrincipal principal, SseEmitter emitter) {
        super(hub, principal, EventHub.SSE);
        this.emitter = emitter;
    }

    @Override
    void write(RealtimeEvent event) throws IOException {
        raw(event.sseFrame());
    }

    @Override
    void writeHeartbeat() throws IOException {
        raw(HEARTBEAT);
    }

    /** Writes bytes as they are (the byte-array converter copies them to the response and flushes). */
    void raw(byte[] frame) throws IOException {
        emitter.send(Set.of(new DataWithMediaType(frame, MediaType.TEXT_PLAIN)));
    }

    @Override
    void end(String reason) {
        emitter.complete();
    }
}
