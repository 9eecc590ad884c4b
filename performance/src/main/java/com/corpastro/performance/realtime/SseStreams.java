package com.corpastro.performance.realtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.corpastro.performance.error.AppError;

/**
 * Opens Server-Sent Event streams on the {@link EventHub}: a controller checks who may read the
 * topic, then returns the emitter.
 *
 * <pre>{@code
 * @GetMapping(path = "/api/businesses/{id}/events", produces = "text/event-stream")
 * SseEmitter events(@PathVariable long id, Caller caller,
 *         @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
 *     businesses.get(caller, id); // 404 for a business the caller may not see
 *     return streams.open(new RealtimePrincipal("user:" + caller.userId(), caller.admin(), caller),
 *             "business:" + id, lastEventId);
 * }
 * }</pre>
 *
 * The stream starts with a {@code retry:} hint, then the events after {@code Last-Event-ID} still
 * kept (or an {@code event: resync} when that id is no longer kept), then live events, with a
 * heartbeat comment on an idle stream. Beyond the per-node or per-user connection limit: 429
 * {@code too_many_connections} with {@code Retry-After}; on a node shutting down 503
 * {@code shutting_down}.
 */
public final class SseStreams {

    private final EventHub hub;

    SseStreams(EventHub hub) {
        this.hub = hub;
    }

    /** A stream of {@code topic} for {@code principal}, resuming after {@code lastEventId} (may be null). */
    public SseEmitter open(RealtimePrincipal principal, String topic, String lastEventId) {
        String refused = hub.admit(principal);
        if ("stopping".equals(refused)) {
            throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, "shutting_down",
                    "This node is shutting down; reconnect to another.", Map.of(HttpHeaders.RETRY_AFTER, "1"));
        }
        if (refused != null) {
            throw new AppError(HttpStatus.TOO_MANY_REQUESTS, "too_many_connections", "Too many open event streams ("
                    + ("user".equals(refused) ? "per user, at most " + hub.properties().getMaxConnectionsPerUser()
                            : "on this node, at most " + hub.properties().getMaxConnections())
                    + "); close one first.", Map.of(HttpHeaders.RETRY_AFTER, "5"));
        }
        // No timeout: the stream lasts until the client leaves, the node stops or it falls too far behind.
        SseEmitter emitter = new SseEmitter(0L);
        SseConnection connection = new SseConnection(hub, principal, emitter);
        emitter.onCompletion(() -> connection.close("gone"));
        emitter.onError(failure -> connection.close("gone"));
        emitter.onTimeout(() -> connection.close("gone"));
        hub.opened(connection);
        try {
            connection.raw(("retry: " + hub.properties().getRetry().toMillis() + "\n\n").getBytes(StandardCharsets.UTF_8));
            if (!hub.subscribe(connection, topic, lastEventId)) {
                connection.raw(("event: resync\ndata: {\"type\":\"resync\"}\n\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            connection.close("gone");
        }
        return emitter;
    }
}
