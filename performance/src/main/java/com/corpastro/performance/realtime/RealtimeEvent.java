package com.corpastro.performance.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One event as every subscriber receives it: serialised once, when it is raised (or, on another
 * node, once when it arrives), and the same JSON text and SSE frame bytes are written to every
 * subscriber.
 *
 * <p>The JSON is {@code {"id":...,"type":...,"businessId":...,"at":...,"payload":{...}}}; the SSE
 * frame is {@code id:}, {@code event:} (the type) and {@code data:} (the JSON).
 */
public final class RealtimeEvent {

    private final String id;
    private final String type;
    private final String topic;
    private final Instant at;
    private final String json;
    private final byte[] sseFrame;
    private final boolean droppable;

    RealtimeEvent(String id, String type, String topic, Instant at, String json, boolean droppable) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.at = Objects.requireNonNull(at, "at");
        this.json = Objects.requireNonNull(json, "json");
        this.droppable = droppable;
        // One line of JSON (the serializer writes no raw newline), so one data: line.
        this.sseFrame = ("id: " + id + "\nevent: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The event's id, unique across nodes; SSE clients send it back as {@code Last-Event-ID}. */
    public String id() {
        return id;
    }

    /** The event type, e.g. {@code business.updated}. */
    public String type() {
        return type;
    }

    /** The topic it was raised on, e.g. {@code business:42}. */
    public String topic() {
        return topic;
    }

    /** When it was raised. */
    public Instant at() {
        return at;
    }

    /** The event's JSON, as written to WebSocket subscribers. */
    public String json() {
        return json;
    }

    /** The SSE frame, the same array for every subscriber; not to be modified. */
    byte[] sseFrame() {
        return sseFrame;
    }

    /** Whether a slow subscriber may lose it (periodic figures, superseded by the next). */
    boolean droppable() {
        return droppable;
    }

    @Override
    public String toString() {
        return "RealtimeEvent[id=" + id + ", type=" + type + ", topic=" + topic + "]";
    }
}
