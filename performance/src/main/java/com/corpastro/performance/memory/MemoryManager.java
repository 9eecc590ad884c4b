package com.corpastro.performance.memory;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the heap used after garbage collection and reacts before the JVM runs out of memory.
 * Above the warning level (default 75%) it tells its {@link MemoryPressureListener}s, which
 * shrink the in-process caches; above the critical level (default 90%) it also sheds load:
 * {@link #isSheddingLoad()} turns true and {@link LoadShedding#check()} refuses content
 * generation with 503 and {@code Retry-After}, while reads served from cache keep working. It
 * steps back down only when usage falls a hysteresis margin (default 5 points) below a level,
 * so it does not flap.
 *
 * <p>It measures after collections because heap in use between collections says little: it
 * listens to GC notifications and to the heap pools' collection-usage thresholds, and
 * {@link #evaluate()} can be called periodically as a fallback. Every state change is logged
 * on one line and passed to the listeners, which also record it as a metric.
 *
 * <pre>{@code
 * MemoryManager memory = MemoryManager.builder()
 *         .listener((from, to, usage) -> { if (to != MemoryState.NORMAL) cache.clear(); })
 *         .build();
 * memory.start();
 * }</pre>
 */
public final class MemoryManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MemoryManager.class);

    private final double warningLevel;
    private final double criticalLevel;
    private final double hysteresis;
    private final Duration retryAfter;
    private final DoubleSupplier heapUsageAfterGc;
    private final List<MemoryPressureListener> listeners;
    private final List<Runnable> unregister = new ArrayList<>();
    private volatile MemoryState state = MemoryState.NORMAL;
    private volatile double lastUsage;

    private MemoryManager(Builder builder) {
        this.warningLevel = builder.warningLevel;
        this.criticalLevel = builder.criticalLevel;
        this.hysteresis = builder.hysteresis;
        this.retryAfter = builder.retryAfter;
        this.heapUsageAfterGc = builder.heapUsageAfterGc != null ? builder.heapUsageAfterGc
                : MemoryManager::heapUsageAfterLastCollection;
        this.listeners = new CopyOnWriteArrayList<>(builder.listeners);
    }

    /** A builder with the defaults: warning at 75%, critical at 90%, 5 points of hysteresis. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts listening to GC notifications and collection-usage threshold crossings of the heap
     * pools. Without it the manager reacts only to {@link #evaluate()} and {@link #observe(double)}.
     */
    public synchronized void start() {
        NotificationListener listener = (Notification notification, Object handback) -> evaluate();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                unregister.add(() -> remove(emitter, listener));
            }
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold((long) (max * warningLevel));
            }
        }
        if (ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
            NotificationListener thresholds = (notification, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    evaluate();
                }
            };
            emitter.addNotificationListener(thresholds, null, null);
            unregister.add(() -> remove(emitter, thresholds));
        }
        log.info("event=memory_manager_started warning_level={} critical_level={} hysteresis={}", warningLevel,
                criticalLevel, hysteresis);
    }

    /** Stops listening to JMX notifications. */
    @Override
    public synchronized void close() {
        unregister.forEach(Runnable::run);
        unregister.clear();
    }

    /** Measures heap usage after the last collection and reacts to it. */
    public MemoryState evaluate() {
        return observe(heapUsageAfterGc.getAsDouble());
    }

    /**
     * Reacts to a heap usage after collection of {@code usage} (0 to 1): moves between states
     * with hysteresis and tells the listeners about a change. Public so that applications with
     * their own measurement, and tests simulating low memory, can drive the manager.
     */
    public synchronized MemoryState observe(double usage) {
        lastUsage = usage;
        MemoryState previous = state;
        MemoryState next = switch (previous) {
            case NORMAL -> usage >= criticalLevel ? MemoryState.CRITICAL
                    : usage >= warningLevel ? MemoryState.WARNING : MemoryState.NORMAL;
            case WARNING -> usage >= criticalLevel ? MemoryState.CRITICAL
                    : usage < warningLevel - hysteresis ? MemoryState.NORMAL : MemoryState.WARNING;
            case CRITICAL -> usage >= criticalLevel - hysteresis ? MemoryState.CRITICAL
                    : usage >= warningLevel - hysteresis ? MemoryState.WARNING : MemoryState.NORMAL;
        };
        if (next != previous) {
            state = next;
            log.warn("event=memory_state_change from={} to={} heap_used_after_gc={} shedding_load={}", previous, next,
                    String.format(java.util.Locale.ROOT, "%.3f", usage), next == MemoryState.CRITICAL);
            for (MemoryPressureListener listener : listeners) {
                try {
                    listener.onMemoryStateChange(previous, next, usage);
                } catch (RuntimeException e) {
                    log.error("event=memory_listener_failed listener={}", listener.getClass().getName(), e);
                }
            }
        }
        return next;
    }

    /** Adds a listener after construction. */
    public void addListener(MemoryPressureListener listener) {
        listeners.add(listener);
    }

    public MemoryState state() {
        return state;
    }

    /** Whether content generation should be refused: the state is {@link MemoryState#CRITICAL}. */
    public boolean isSheddingLoad() {
        return state == MemoryState.CRITICAL;
    }

    /** Heap used after collection at the last measurement, as a share of the maximum. */
    public double lastHeapUsage() {
        return lastUsage;
    }

    public double warningLevel() {
        return warningLevel;
    }

    public double criticalLevel() {
        return criticalLevel;
    }

    /** How long clients are asked to wait ({@code Retry-After}) while load is shed. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Heap used after the most recent collection over the heap's maximum: the sum of the heap
     * pools' collection usage (pools without collection usage count their current usage).
     */
    public static double heapUsageAfterLastCollection() {
        long used = 0;
        long max = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            MemoryUsage now = pool.getUsage();
            used += afterGc != null ? afterGc.getUsed() : now.getUsed();
            max += now.getMax() > 0 ? now.getMax() : now.getCommitted();
        }
        long heapMax = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
        if (heapMax > 0) {
            max = heapMax;
        }
        return max <= 0 ? 0 : (double) used / max;
    }

    private static void remove(NotificationEmitter emitter, NotificationListener listener) {
        try {
            emitter.removeNotificationListener(listener);
        } catch (ListenerNotFoundException ignored) {
            // already gone
        }
    }

    /** Builds a {@link MemoryManager}; every setter rejects a bad value with the value in the message. */
    public static final class Builder {

        private double warningLevel = 0.75;
        private double criticalLevel = 0.90;
        private double hysteresis = 0.05;
        private Duration retryAfter = Duration.ofSeconds(30);
        private DoubleSupplier heapUsageAfterGc;
        private final List<MemoryPressureListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Heap share after GC above which caches are shrunk (0 to 1, below the critical level). */
        public Builder warningLevel(double warningLevel) {
            if (!(warningLevel > 0 && warningLevel < 1)) {
                throw new IllegalArgumentException("warningLevel must be between 0 and 1, was " + warningLevel);
            }
            this.warningLevel = warningLevel;
            return this;
        }

        /** Heap share after GC above which load is shed (0 to 1, above the warning level). */
        public Builder criticalLevel(double criticalLevel) {
            if (!(criticalLevel > 0 && criticalLevel <= 1)) {
                throw new IllegalArgumentException("criticalLevel must be between 0 and 1, was " + criticalLevel);
            }
            this.criticalLevel = criticalLevel;
            return this;
        }

        /** How far below a level usage must fall before the manager steps down. */
        public Builder hysteresis(double hysteresis) {
            if (!(hysteresis >= 0 && hysteresis < 0.5)) {
                throw new IllegalArgumentException("hysteresis must be between 0 and 0.5, was " + hysteresis);
            }
            this.hysteresis = hysteresis;
            return this;
        }

        /** The {@code Retry-After} of refused requests. */
        public Builder retryAfter(Duration retryAfter) {
            if (retryAfter == null || retryAfter.isNegative() || retryAfter.toSeconds() < 1) {
                throw new IllegalArgumentException("retryAfter must be >= 1s, was " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /** Where heap usage after GC comes from; defaults to the JVM's memory pools. */
        public Builder heapUsageAfterGc(DoubleSupplier heapUsageAfterGc) {
            this.heapUsageAfterGc = heapUsageAfterGc;
            return this;
        }

        public Builder listener(MemoryPressureListener listener) {
            listeners.add(listener);
            return this;
        }

        public MemoryManager build() {
            if (criticalLevel <= warningLevel) {
                throw new IllegalArgumentException("criticalLevel must be above warningLevel, was criticalLevel="
                        + criticalLevel + " warningLevel=" + warningLevel);
            }
            return new MemoryManager(this);
        }
    }
}
