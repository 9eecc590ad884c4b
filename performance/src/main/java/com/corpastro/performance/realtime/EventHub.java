package com.corpastro.performance.realtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The event hub of one node: raises events (serialised once), sends them to the other nodes
 * through the bus (Redis pub/sub, one subscription per node, or nothing on a single node) and fans
 * the same bytes out to this node's subscribers of the topic, keeping the last events of each topic
 * for {@code Last-Event-ID} resume.
 *
 * <pre>{@code
 * hub.publish("business:" + id, "business.updated", id, Map.of("revision", 7, "changed", List.of("name")));
 * // bursts: one event per window, the payloads merged
 * hub.publishCoalesced("business:" + id, "business.updated", id, payload, EventHub::mergeChanges);
 * }</pre>
 */
public final class EventHub {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);

    /** The transports, as tagged in the metrics. */
    static final String SSE = "sse";
    static final String WEBSOCKET = "websocket";

    private record Pending(String topic, String type, Long businessId, Map<String, Object> payload,
            BinaryOperator<Map<String, Object>> merge) {
    }

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Function<Object, String> json;
    private final Executor writers;
    private final RealtimeProperties properties;
    private final String nodeTag = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentHashMap<String, Set<Connection>> subscribers = new ConcurrentHashMap<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Cache<String, ReplayBuffer> replay;
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final ConnectionLimits limits;
    private final Counter published;
    private final Counter received;
    private final Counter sent;
    private final MeterRegistry meters;
    private final Timer fanout;
    private volatile EventBus bus = EventBus.LOCAL;
    private volatile Scheduler scheduler = Scheduler.NONE;
    private volatile boolean stopping;

    /** Runs a task later; the auto-configuration's is a scheduled executor, a test's runs nothing by itself. */
    @FunctionalInterface
    interface Scheduler {
        Scheduler NONE = (task, delay) -> {
        };

        void schedule(Runnable task, Duration delay);
    }

    EventHub(RealtimeProperties properties, Clock clock, LongSupplier nanoTime, Function<Object, String> json,
            Executor writers, MeterRegistry meters) {
        properties.validate();
        this.properties = properties;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.json = json;
        this.writers = writers;
        this.meters = meters;
        this.limits = new ConnectionLimits(properties.getMaxConnections(), properties.getMaxConnectionsPerUser());
        this.replay = Caffeine.newBuilder().maximumSize(properties.getReplayTopics()).build();
        this.published = Counter.builder("corp-astro.realtime.events.published")
                .description("Events raised on this node").register(meters);
        this.received = Counter.builder("corp-astro.realtime.events.received")
                .description("Events from other nodes through the bus").register(meters);
        this.sent = Counter.builder("corp-astro.realtime.events.sent")
                .description("Events written to subscribers (one per subscriber)").register(meters);
        this.fanout = Timer.builder("corp-astro.realtime.fanout.latency")
                .description("From an event's raise to its last byte written to a subscriber")
                .publishPercentiles(0.5, 0.99).register(meters);
        for (String transport : List.of(SSE, WEBSOCKET)) {
            Gauge.builder("corp-astro.realtime.connections", this, hub -> hub.connections(transport))
                    .tag("transport", transport).description("Open real-time connections").register(meters);
        }
    }

    /** The admins' topic ({@code GET /api/admin/events}, or a WebSocket subscription to it by an admin). */
    public static final String ADMIN_TOPIC = "admin";

    /**
     * Raises an event on {@code topic} for its subscribers on every node.
     *
     * @param businessId the business it concerns, or null
     * @param payload    the event's own fields, serialised with the application's JSON mapper
     */
    public RealtimeEvent publish(String topic, String type, Long businessId, Map<String, ?> payload) {
        RealtimeEvent event = create(topic, type, businessId, payload, false);
        deliver(event);
        try {
            bus.send(event);
        } catch (RuntimeException e) {
            // The change the event tells of has happened: its caller must not fail for the bus.
            log.warn("event=realtime_bus_send_failed id={} error=\"{}\"", event.id(), e.toString());
        }
        return event;
    }

    /** Raises an event for this node's subscribers only (figures of this node, work each node does for its own). */
    public RealtimeEvent publishLocal(String topic, String type, Long businessId, Map<String, ?> payload,
            boolean droppable) {
        RealtimeEvent event = create(topic, type, businessId, payload, droppable);
        deliver(event);
        return event;
    }

    /**
     * Raises an event like {@link #publish}, but at most one per topic and type within
     * {@code corp-astro.realtime.coalesce-window}: a burst is sent once, at the end of the window,
     * with the payloads folded together by {@code merge} (older, newer).
     */
    public void publishCoalesced(String topic, String type, Long businessId, Map<String, Object> payload,
            BinaryOperator<Map<String, Object>> merge) {
        if (properties.getCoalesceWindow().isZero() || stopping) {
            publish(topic, type, businessId, payload);
            return;
        }
        String key = topic + '\n' + type;
        boolean[] first = new boolean[1];
        pending.compute(key, (k, older) -> {
            if (older == null) {
                first[0] = true;
                return new Pending(topic, type, businessId, payload, merge);
            }
            return new Pending(topic, type, businessId, merge.apply(older.payload(), payload), merge);
        });
        if (first[0]) {
            scheduler.schedule(() -> flush(key), properties.getCoalesceWindow());
        }
    }

    /**
     * Merges two {@code business.updated}-style payloads: the newer one's values, and its
     * {@code changed} list the union of both.
     */
    public static Map<String, Object> mergeChanges(Map<String, Object> older, Map<String, Object> newer) {
        Map<String, Object> merged = new LinkedHashMap<>(older);
        merged.putAll(newer);
        if (older.get("changed") instanceof List<?> a && newer.get("changed") instanceof List<?> b) {
            List<Object> union = new ArrayList<>(a);
            b.stream().filter(field -> !union.contains(field)).forEach(union::add);
            merged.put("changed", List.copyOf(union));
        }
        return merged;
    }

    /** The topics with subscribers on this node. */
    public Set<String> topics() {
        return Set.copyOf(subscribers.keySet());
    }

    /** This node's subscribers of {@code topic}. */
    public int subscribers(String topic) {
        Set<Connection> set = subscribers.get(topic);
        return set == null ? 0 : set.size();
    }

    /** Open connections of one transport ({@code sse}, {@code websocket}) on this node. */
    public int connections(String transport) {
        int count = 0;
        for (Connection connection : connections) {
            if (connection.transport.equals(transport)) {
                count++;
            }
        }
        return count;
    }

    /** The hub's figures for the dashboard and the admin stream. */
    public Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sseConnections", connections(SSE));
        figures.put("websocketConnections", connections(WEBSOCKET));
        figures.put("topics", subscribers.size());
        figures.put("eventsPublished", (long) published.count());
        figures.put("eventsReceived", (long) received.count());
        figures.put("eventsSent", (long) sent.count());
        figures.put("eventsDropped", (long) meters.find("corp-astro.realtime.events.dropped").counters().stream()
                .mapToDouble(Counter::count).sum());
        figures.put("fanoutP99Ms", percentile(0.99));
        figures.put("fanoutMaxMs", fanout.max(TimeUnit.MILLISECONDS));
        figures.put("bus", bus.name());
        return figures;
    }

    private double percentile(double p) {
        for (var value : fanout.takeSnapshot().percentileValues()) {
            if (value.percentile() == p) {
                return value.value(TimeUnit.MILLISECONDS);
            }
        }
        return 0;
    }

    // ---- package-private wiring ----

    void useBus(EventBus bus) {
        this.bus = bus;
    }

    void useScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    String nodeTag() {
        return nodeTag;
    }

    /** Sends the coalesced event waiting under {@code key}, if any. */
    void flush(String key) {
        Pending due = pending.remove(key);
        if (due != null) {
            publish(due.topic(), due.type(), due.businessId(), due.payload());
        }
    }

    /** Sends every coalesced event now (tests; shutdown). */
    void flushAll() {
        for (String key : List.copyOf(pending.keySet())) {
            flush(key);
        }
    }

    /** An event from another node: kept for resume and fanned out here. */
    void received(RealtimeEvent event) {
        received.increment();
        deliver(event);
    }

    /**
     * Admits a connection under the node and per-user limits; the refusal's reason ({@code node},
     * {@code user}, {@code stopping}) or null.
     */
    String admit(RealtimePrincipal principal) {
        if (stopping) {
            return "stopping";
        }
        return limits.acquire(principal.key());
    }

    /** Registers an admitted connection. */
    void opened(Connection connection) {
        connections.add(connection);
        if (stopping) {
            connection.close("shutdown");
        }
    }

    /**
     * Subscribes {@code connection} to {@code topic}, first queueing the events after
     * {@code lastEventId} (if given and still kept); no event falls between the replay and the live ones.
     *
     * @return false when {@code lastEventId} is no longer kept (the client may have missed events)
     */
    boolean subscribe(Connection connection, String topic, String lastEventId) {
        ReplayBuffer buffer = buffer(topic);
        boolean complete = true;
        synchronized (buffer) {
            if (lastEventId != null && !lastEventId.isBlank()) {
                List<RealtimeEvent> missed = buffer.after(lastEventId.trim());
                if (missed == null) {
                    complete = false;
                } else {
                    missed.forEach(connection::offer);
                }
            }
            connection.topics.add(topic);
            subscribers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(connection);
        }
        return complete;
    }

    void unsubscribe(Connection connection, String topic) {
        connection.topics.remove(topic);
        subscribers.computeIfPresent(topic, (t, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Called once by a closing connection. */
    void removed(Connection connection) {
        if (connections.remove(connection)) {
            limits.release(connection.principal.key());
        }
        for (String topic : List.copyOf(connection.topics)) {
            unsubscribe(connection, topic);
        }
    }

    /** Heartbeats for the connections idle for a heartbeat interval. */
    void heartbeats() {
        long interval = properties.getHeartbeat().toNanos();
        for (Connection connection : connections) {
            connection.heartbeatIfIdle(interval);
        }
    }

    /** Refuses new connections and closes the open ones (SSE streams end, WebSockets close 1001). */
    void stop() {
        stopping = true;
        flushAll();
        int open = connections.size();
        for (Connection connection : List.copyOf(connections)) {
            connection.close("shutdown");
        }
        if (open > 0) {
            log.info("event=realtime_drained connections={}", open);
        }
    }

    /** Accepts connections again after a {@link #stop()} (a context started again). */
    void resume() {
        stopping = false;
    }

    /** Closes the bus to the other nodes (the context closes). */
    void closeBus() {
        bus.close();
        bus = EventBus.LOCAL;
    }

    boolean stopping() {
        return stopping;
    }

    void sent(RealtimeEvent event) {
        sent.increment();
        fanout.record(Math.max(0, clock.millis() - event.at().toEpochMilli()), TimeUnit.MILLISECONDS);
    }

    void dropped(String reason) {
        meters.counter("corp-astro.realtime.events.dropped", "reason", reason).increment();
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    long maxLagNanos() {
        return properties.getMaxLag().toNanos();
    }

    int sendQueue() {
        return properties.getSendQueue();
    }

    Executor executor() {
        return writers;
    }

    RealtimeProperties properties() {
        return properties;
    }

    private RealtimeEvent create(String topic, String type, Long businessId, Map<String, ?> payload,
            boolean droppable) {
        String id = nodeTag + "-" + Long.toString(sequence.incrementAndGet(), 36);
        Instant at = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("type", type);
        body.put("businessId", businessId);
        body.put("at", at.toString());
        body.put("payload", payload == null ? Map.of() : payload);
        published.increment();
        return new RealtimeEvent(id, type, topic, at, json.apply(body), droppable);
    }

    private void deliver(RealtimeEvent event) {
        if (event.droppable()) {
            // Figures are not replayed: the next ones supersede them.
            Set<Connection> set = subscribers.get(event.topic());
            if (set != null) {
                set.forEach(connection -> connection.offer(event));
            }
            return;
        }
        ReplayBuffer buffer = buffer(event.topic());
        synchronized (buffer) {
            buffer.add(event);
            Set<Connection> set = subscribers.get(event.topic());
            if (set != null) {
                set.forEach(connection -> connection.offer(event));
            }
        }
    }

    private ReplayBuffer buffer(String topic) {
        return replay.get(topic, t -> new ReplayBuffer(properties.getReplayEvents()));
    }
}
