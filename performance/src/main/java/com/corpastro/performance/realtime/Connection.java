package com.corpastro.performance.realtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's connection, either transport, with its bounded send queue. Offering an event
 * never blocks the publisher: it is queued, and a task on the hub's executor (a virtual thread)
 * writes the queue out and ends, so an idle connection holds no thread. A full queue drops its
 * oldest droppable entry (metrics, heartbeats); a queue full of events that must not be lost, or
 * whose oldest entry waited longer than the allowed lag, closes the connection (slow consumer):
 * the client reconnects with {@code Last-Event-ID} and catches up from the replay buffer.
 */
abstract class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** A queued write: an event, or a heartbeat when {@code event} is null. */
    private record Entry(RealtimeEvent event, long queuedNanos) {
    }

    final RealtimePrincipal principal;
    final String transport;
    final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final EventHub hub;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long lastWriteNanos;

    Connection(EventHub hub, RealtimePrincipal principal, String transport) {
        this.hub = hub;
        this.principal = principal;
        this.transport = transport;
        this.lastWriteNanos = hub.nanoTime();
    }

    /** Writes one event; blocking, on the writer task's thread. */
    abstract void write(RealtimeEvent event) throws IOException;

    /** Writes a heartbeat (an SSE comment, a WebSocket ping). */
    abstract void writeHeartbeat() throws IOException;

    /** Ends the transport: {@code shutdown} (node stopping), {@code slow_consumer} or {@code gone}. */
    abstract void end(String reason);

    /** Queues {@code event} for writing; never blocks. */
    void offer(RealtimeEvent event) {
        enqueue(new Entry(event, hub.nanoTime()));
    }

    /** Queues a heartbeat if nothing was written for a heartbeat interval. */
    void heartbeatIfIdle(long intervalNanos) {
        if (hub.nanoTime() - lastWriteNanos >= intervalNanos) {
            enqueue(new Entry(null, hub.nanoTime()));
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Removes it from the hub and ends the transport, once. */
    void close(String reason) {
        if (closed.compareAndSet(false, true)) {
            synchronized (queue) {
                queue.clear();
            }
            hub.removed(this);
            if (!"gone".equals(reason)) {
                log.info("event=realtime_closed transport={} principal={} reason={}", transport, principal.key(), reason);
            }
            try {
                end(reason);
            } catch (RuntimeException e) {
                log.debug("event=realtime_end_failed transport={} error=\"{}\"", transport, e.toString());
            }
        }
    }

    private void enqueue(Entry entry) {
        if (closed.get()) {
            return;
        }
        String slow = null;
        synchronized (queue) {
            Entry oldest = queue.peekFirst();
            if (oldest != null && entry.queuedNanos() - oldest.queuedNanos() > hub.maxLagNanos()) {
                slow = "lag";
            } else if (queue.size() >= hub.sendQueue() && !dropOldestDroppable()) {
                if (entry.event() == null || entry.event().droppable()) {
                    hub.dropped(entry.event() == null ? "heartbeat" : "queue_full");
                    return;
                }
                slow = "queue_full";
            } else {
                queue.addLast(entry);
            }
        }
        if (slow != null) {
            hub.dropped("slow_consumer");
            log.warn("event=realtime_slow_consumer transport={} principal={} cause={}", transport, principal.key(), slow);
            close("slow_consumer");
            return;
        }
        if (writing.compareAndSet(false, true)) {
            hub.executor().execute(this::drain);
        }
    }

    private boolean dropOldestDroppable() {
        for (Iterator<Entry> it = queue.iterator(); it.hasNext();) {
            Entry queued = it.next();
            if (queued.event() == null || queued.event().droppable()) {
                it.remove();
                hub.dropped(queued.event() == null ? "heartbeat" : "queue_full");
                return true;
            }
        }
        return false;
    }

    /** The writer task: writes until the queue is empty, then ends (no thread waits on an idle connection). */
    private void drain() {
        while (true) {
            Entry next;
            synchronized (queue) {
                next = queue.pollFirst();
                if (next == null) {
                    writing.set(false);
                    return;
                }
            }
            if (closed.get()) {
                writing.set(false);
                return;
            }
            try {
                if (next.event() == null) {
                    writeHeartbeat();
                } else {
                    write(next.event());
                    hub.sent(next.event());
                }
                lastWriteNanos = hub.nanoTime();
            } catch (IOException | RuntimeException e) {
                // The client went away (a reset, a closed stream): nothing to tell it.
                writing.set(false);
                close("gone");
                return;
            }
        }
    }
}
