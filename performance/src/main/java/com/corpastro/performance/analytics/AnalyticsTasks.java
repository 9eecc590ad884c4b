package com.corpastro.performance.analytics;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The analytics' background work on its own thread: every evaluation interval, the alert rules
 * and, when due, yesterday's daily report. The same thread delivers webhooks.
 */
final class AnalyticsTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsTasks.class);

    private final Alerts alerts;
    private final DailyReports dailyReports;
    private final ScheduledExecutorService executor;
    private final Duration interval;
    private volatile boolean running;

    AnalyticsTasks(Alerts alerts, DailyReports dailyReports, ScheduledExecutorService executor, Duration interval) {
        this.alerts = alerts;
        this.dailyReports = dailyReports;
        this.executor = executor;
        this.interval = interval;
    }

    @Override
    public void start() {
        executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /** One round: alerts, then the daily report; a failure of either is logged and the other still runs. */
    void runOnce() {
        try {
            alerts.evaluate();
        } catch (RuntimeException e) {
            log.warn("event=analytics_task_failed task=alerts error=\"{}\"", e.getMessage());
        }
        try {
            dailyReports.writeIfDue();
        } catch (RuntimeException e) {
            log.warn("event=analytics_task_failed task=daily_report error=\"{}\"", e.getMessage());
        }
    }

    @Override
    public void stop() {
        executor.shutdownNow();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
