package com.corpastro.performance.realtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The hub's timer: heartbeats on idle connections, the admin stream's {@code metrics} event while
 * somebody listens, the coalescing windows; and the drain: when the context stops, before the web
 * server's graceful shutdown (which would otherwise wait for every open stream), new connections
 * are refused and open ones closed (SSE streams end, their clients reconnect after the
 * {@code retry:} delay, to another node; WebSockets close 1001).
 */
final class RealtimeTasks implements SmartLifecycle, DisposableBean, EventHub.Scheduler {

    private static final Logger log = LoggerFactory.getLogger(RealtimeTasks.class);

    private final EventHub hub;
    private final Supplier<Map<String, Object>> figures;
    private volatile ScheduledExecutorService timer = newTimer();
    private volatile boolean running;

    /** @param figures the admin stream's {@code metrics} payload beyond the hub's own figures (the monitor's summary), may return null */
    RealtimeTasks(EventHub hub, Supplier<Map<String, Object>> figures) {
        this.hub = hub;
        this.figures = figures;
    }

    /** Runs {@code task} after {@code delay}; at once when the timer is stopped (the node is stopping), never throws. */
    @Override
    public void schedule(Runnable task, Duration delay) {
        try {
            timer.schedule(() -> safely("scheduled", task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            safely("scheduled", task);
        }
    }

    @Override
    public synchronized void start() {
        if (timer.isShutdown()) {
            // A context stopped and started again (Spring's test context cache does this).
            timer = newTimer();
        }
        hub.resume();
        long heartbeat = Math.max(1, hub.properties().getHeartbeat().toMillis() / 3);
        timer.scheduleWithFixedDelay(() -> safely("heartbeats", hub::heartbeats), heartbeat, heartbeat,
                TimeUnit.MILLISECONDS);
        long metrics = hub.properties().getMetricsInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> safely("metrics", this::pushMetrics), metrics, metrics,
                TimeUnit.MILLISECONDS);
        running = true;
    }

    /** The admin stream's figures, only while an admin listens on this node. */
    void pushMetrics() {
        if (hub.subscribers(RealtimeWebSocketHandler.ADMIN_TOPIC) == 0) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("realtime", hub.figures());
        Map<String, Object> more = figures.get();
        if (more != null) {
            payload.putAll(more);
        }
        hub.publishLocal(RealtimeWebSocketHandler.ADMIN_TOPIC, "metrics", null, payload, true);
    }

    @Override
    public synchronized void stop() {
        running = false;
        hub.stop();
        timer.shutdownNow();
    }

    /** The bus to the other nodes closes with the context, not on a stop that may be followed by a start. */
    @Override
    public void destroy() {
        timer.shutdownNow();
        hub.closeBus();
    }

    private static ScheduledExecutorService newTimer() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "realtime-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown (a lower phase), which would wait for open streams. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 512;
    }

    private static void safely(String task, Runnable runnable) {
        try {
            runnable.run();
        } catch (RuntimeException e) {
            log.warn("event=realtime_task_failed task={} error=\"{}\"", task, e.toString());
        }
    }
}
