package com.corpastro.performance.analytics;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The analytics' background work on its own thread: every evaluation interval, the alert rules,
 * when due yesterday's daily report, and the settled hours of the warm-up span into the report
 * cache (the whole span at the first round, one new hour an hour after). The same thread
 * delivers webhooks.
 */
final class AnalyticsTasks implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AnalyticsTasks.class);

    private final Alerts alerts;
    private final DailyReports dailyReports;
    private final ScheduledExecutorService executor;
    private final Duration interval;
    private final PerformanceReports reports;
    private final Duration warmUp;
    private ScheduledFuture<?> rounds;

    AnalyticsTasks(Alerts alerts, DailyReports dailyReports, ScheduledExecutorService executor, Duration interval,
            PerformanceReports reports, Duration warmUp) {
        this.reports = reports;
        this.warmUp = warmUp;
        this.alerts = alerts;
        this.dailyReports = dailyReports;
        this.executor = executor;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (rounds == null) {
            rounds = executor.scheduleWithFixedDelay(this::runOnce, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One round: alerts, then the daily report, then the report cache's new settled hours; a failure
     * of one is logged and the others still run.
     */
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
        try {
            reports.warmUp(warmUp);
        } catch (RuntimeException e) {
            log.warn("event=analytics_task_failed task=warm_up error=\"{}\"", e.getMessage());
        }
    }

    /** Stops the rounds; the executor stays for a later {@link #start()} (a context can be stopped and started). */
    @Override
    public synchronized void stop() {
        if (rounds != null) {
            rounds.cancel(false);
            rounds = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return rounds != null;
    }
}
