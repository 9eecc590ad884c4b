package com.corpastro.performance.monitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The monitor's background thread: runs the {@link MonitorSampler}s every sample interval (the
 * process first), folds points into rollups every flush interval, and writes the last rollups
 * when the application stops, before the DataSource closes.
 */
final class MonitorTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MonitorTasks.class);
    private static final long FINAL_FLUSH_TIMEOUT_SECONDS = 5;

    private final PerformanceMonitor monitor;
    private final List<MonitorSampler> samplers;
    private final Duration sampleInterval;
    private final Duration flushInterval;
    private ScheduledExecutorService executor;

    MonitorTasks(PerformanceMonitor monitor, List<MonitorSampler> samplers, Duration sampleInterval,
            Duration flushInterval) {
        this.monitor = monitor;
        this.samplers = List.copyOf(samplers);
        this.sampleInterval = sampleInterval;
        this.flushInterval = flushInterval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "corp-astro-monitor");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(guard("sample", this::sample), 0, sampleInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(guard("flush", monitor::flush), flushInterval.toMillis(),
                flushInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        for (MonitorSampler sampler : samplers) {
            try {
                sampler.sample(monitor);
            } catch (RuntimeException e) {
                log.warn("event=monitor_task_failed task=sample sampler={} error=\"{}\"", sampler.getClass().getName(),
                        e.getMessage());
            }
        }
    }

    /**
     * Writes the last rollups on the monitor's own thread and waits for it at most
     * {@link #FINAL_FLUSH_TIMEOUT_SECONDS}: a database that is already gone (its pool waits
     * 30 seconds for a connection by default) must not hold up the shutdown.
     */
    @Override
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        Future<?> finalFlush = executor.submit(monitor::close);
        try {
            finalFlush.get(FINAL_FLUSH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            log.warn("event=monitor_final_flush_timeout timeout_s={} pending_minutes_lost=true",
                    FINAL_FLUSH_TIMEOUT_SECONDS);
        } catch (ExecutionException e) {
            log.warn("event=monitor_final_flush_failed error=\"{}\"", e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private static Runnable guard(String task, Runnable runnable) {
        return () -> {
            try {
                runnable.run();
            } catch (RuntimeException e) {
                log.warn("event=monitor_task_failed task={} error=\"{}\"", task, e.getMessage());
            }
        };
    }
}
