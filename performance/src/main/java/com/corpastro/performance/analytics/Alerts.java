package com.corpastro.performance.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises, keeps and clears alerts: a burn-rate rule of a service-level objective that fires (see
 * {@link ServiceLevels}), or a route whose p95 over the last anomaly window left its baseline. The
 * baseline is the same window a week earlier when it has enough requests (compared by the
 * regression rule), else an EWMA band: the route's p95 more than {@code ewma-band} standard
 * deviations above its exponentially weighted mean (after five evaluations). An alert fires once
 * per condition: while any node's alert of the same key is firing, evaluations only mark it seen;
 * it resolves when an evaluation no longer finds the condition. A new alert is stored, logged as
 * one {@code event=alert_fired} line and handed to every {@link AlertListener}.
 */
public final class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    private static final long MINUTE = 60_000;
    private static final int EWMA_WARM_UP = 5;
    /** The most alerts one answer lists. */
    public static final int MAXIMUM_LISTED = 500;

    private final PerformanceReports reports;
    private final ServiceLevels serviceLevels;
    private final AnalyticsStore store;
    private final List<AlertListener> listeners;
    private final AnalyticsProperties properties;
    private final Map<String, Ewma> ewmas = new ConcurrentHashMap<>();

    Alerts(PerformanceReports reports, ServiceLevels serviceLevels, AnalyticsStore store,
            List<AlertListener> listeners, AnalyticsProperties properties) {
        this.reports = reports;
        this.serviceLevels = serviceLevels;
        this.store = store;
        this.listeners = List.copyOf(listeners);
        this.properties = properties;
    }

    /** The most recent alerts, newest first. */
    public List<Alert> recent(int limit) {
        return store.alerts(Math.min(limit, MAXIMUM_LISTED));
    }

    /** Evaluates every rule once: fires new alerts, marks firing ones seen, resolves cleared ones. */
    public synchronized void evaluate() {
        Instant now = reports.monitor().clock().instant();
        Map<String, Alert> conditions = new LinkedHashMap<>();
        for (ObjectiveStatus objective : serviceLevels.status().objectives()) {
            burnRate(objective, now, conditions);
        }
        anomalies(now, conditions);
        for (Alert condition : conditions.values()) {
            store.firing(condition.key()).ifPresentOrElse(firing -> store.seen(firing.id(), now), () -> fire(condition));
        }
        for (String key : watchedKeys()) {
            if (!conditions.containsKey(key)) {
                store.firing(key).ifPresent(firing -> {
                    store.resolve(firing.id(), now);
                    log.info("event=alert_resolved id={} key=\"{}\" fired_at={}", firing.id(), key, firing.firedAt());
                });
            }
        }
    }

    private final Map<String, Boolean> watched = new ConcurrentHashMap<>();

    /** Keys of every condition this node has evaluated, so it can resolve them. */
    private List<String> watchedKeys() {
        return List.copyOf(watched.keySet());
    }

    private void burnRate(ObjectiveStatus objective, Instant now, Map<String, Alert> conditions) {
        for (String severity : List.of("page", "ticket")) {
            String key = "burn_rate:" + objective.name() + ":" + severity;
            watched.put(key, true);
            if (severity.equals(objective.status())) {
                ServiceLevels.BurnRule rule = ServiceLevels.RULES.stream().filter(r -> r.severity().equals(severity))
                        .findFirst().orElseThrow();
                double rate = "page".equals(severity) ? objective.burnRate1h() : objective.burnRate3d();
                conditions.put(key, alert(key, "burn_rate", severity, objective.name(), String.format(Locale.ROOT,
                        "Objective %s (%.2f%% within %.0f ms) burns its error budget %.1fx too fast (%s rule)",
                        objective.name(), objective.target() * 100, objective.latencyMs(), rate, severity), rate,
                        rule.rate(), now));
            }
        }
    }

    private void anomalies(Instant now, Map<String, Alert> conditions) {
        long end = Math.floorDiv(now.toEpochMilli(), MINUTE) * MINUTE;
        Duration window = properties.getAnomalyWindow();
        Period current = new Period(Instant.ofEpochMilli(end).minus(window), Instant.ofEpochMilli(end));
        Period lastWeek = new Period(current.from().minus(Duration.ofDays(7)), current.to().minus(Duration.ofDays(7)));
        Map<String, Tally> recent = reports.tallies(current);
        Map<String, Tally> seasonal = reports.tallies(lastWeek);
        for (Map.Entry<String, Tally> entry : recent.entrySet()) {
            String route = entry.getKey();
            Tally tally = entry.getValue();
            String key = "anomaly:" + route;
            watched.put(key, true);
            if (tally.requests() < properties.getMinimumSamples()) {
                continue;
            }
            double p95 = tally.quantile(RegressionRule.QUANTILE);
            Tally before = seasonal.get(route);
            if (before != null && before.requests() >= properties.getMinimumSamples()) {
                if (reports.isRegression(tally, before)) {
                    double baseline = before.quantile(RegressionRule.QUANTILE);
                    conditions.put(key, alert(key, "anomaly", "ticket", route, String.format(Locale.ROOT,
                            "%s: p95 %.1f ms over the last %d min, %.1f ms at the same time last week", route, p95,
                            window.toMinutes(), baseline), p95, baseline, now));
                }
                continue;
            }
            Ewma ewma = ewmas.computeIfAbsent(route, r -> new Ewma());
            double upper = ewma.mean + properties.getEwmaBand() * Math.sqrt(ewma.variance);
            if (ewma.count >= EWMA_WARM_UP && p95 > upper && p95 > ewma.mean * (1 + properties.getRegressionThreshold())) {
                conditions.put(key, alert(key, "anomaly", "ticket", route, String.format(Locale.ROOT,
                        "%s: p95 %.1f ms over the last %d min, above its usual band (up to %.1f ms)", route, p95,
                        window.toMinutes(), upper), p95, upper, now));
            }
            ewma.add(p95, properties.getEwmaWeight());
        }
    }

    private Alert alert(String key, String kind, String severity, String subject, String message, double value,
            double threshold, Instant now) {
        return new Alert(UUID.randomUUID().toString(), key, kind, severity, subject, message,
                PerformanceReports.round(value, 3), PerformanceReports.round(threshold, 3), Alert.FIRING, now, now, null,
                reports.monitor().nodeId());
    }

    private void fire(Alert alert) {
        store.insert(alert);
        log.warn("event=alert_fired id={} key=\"{}\" kind={} severity={} subject=\"{}\" value={} threshold={}"
                + " message=\"{}\"", alert.id(), alert.key(), alert.kind(), alert.severity(), alert.subject(),
                alert.value(), alert.threshold(), alert.message().replace('"', '\''));
        for (AlertListener listener : listeners) {
            try {
                listener.onAlert(alert);
            } catch (RuntimeException e) {
                log.warn("event=alert_listener_failed id={} listener={} error=\"{}\"", alert.id(),
                        listener.getClass().getName(), e.getMessage());
            }
        }
    }

    /** An exponentially weighted mean and variance (West's incremental form). */
    private static final class Ewma {
        double mean;
        double variance;
        int count;

        void add(double value, double weight) {
            if (count++ == 0) {
                mean = value;
                return;
            }
            double diff = value - mean;
            double increment = weight * diff;
            mean += increment;
            variance = (1 - weight) * (variance + diff * increment);
        }
    }
}
