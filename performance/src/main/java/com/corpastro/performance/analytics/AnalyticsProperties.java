package com.corpastro.performance.analytics;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the performance analytics (reports, Apdex, service-level objectives, alerts and the
 * daily report), under {@code corp-astro.analytics}.
 */
@ConfigurationProperties("corp-astro.analytics")
public class AnalyticsProperties {

    /** Whether reports, objectives and alerts are served and evaluated. */
    private boolean enabled = true;

    /** Smallest relative p95 increase that can flag a route as a regression (0.25 = +25%). */
    private double regressionThreshold = 0.25;

    /** Smallest absolute p95 increase that can flag a route as a regression. */
    private Duration regressionMinimumIncrease = Duration.ofMillis(10);

    /** Fewest requests a route needs in each period before its change can be flagged. */
    private long minimumSamples = 30;

    /** Confidence of the distribution-free interval around each period's p95 (0.95 = 95%). */
    private double confidence = 0.95;

    /** Apdex threshold T by endpoint type (corp-astro.http.endpoint-types); a type not listed uses default-apdex-threshold. */
    private Map<String, Duration> apdexThresholds = new LinkedHashMap<>(Map.of("content", Duration.ofMillis(100)));

    /** Apdex threshold T of the endpoint types not listed in apdex-thresholds. */
    private Duration defaultApdexThreshold = Duration.ofMillis(500);

    /** Service-level objectives by endpoint type: the share of requests answered in time and without a 5xx. */
    private Map<String, Objective> objectives = defaultObjectives();

    /** Window over which each objective's compliance and error budget are measured. */
    private Duration sloWindow = Duration.ofDays(30);

    /** How often burn rates and route anomalies are evaluated. */
    private Duration evaluationInterval = Duration.ofMinutes(1);

    /** Window of recent traffic whose p95 is compared with the same window a week earlier (or the EWMA band). */
    private Duration anomalyWindow = Duration.ofMinutes(15);

    /** Standard deviations above its EWMA a route's p95 must be to count as an anomaly when there is no history. */
    private double ewmaBand = 3.0;

    /** Weight of the newest p95 in a route's EWMA (0 to 1). */
    private double ewmaWeight = 0.2;

    /** URL the alerts are POSTed to as JSON (normally from CORP_ASTRO_ALERT_WEBHOOK_URL); empty for none. */
    private String alertWebhookUrl = "";

    /** Attempts to deliver one alert to the webhook before giving up. */
    private int webhookAttempts = 3;

    /** Wait before the first retry of a failed webhook delivery; doubled for each further retry. */
    private Duration webhookBackoff = Duration.ofSeconds(1);

    /** Timeout of one webhook delivery. */
    private Duration webhookTimeout = Duration.ofSeconds(5);

    /** Hour of the day (0-23, in daily-report-zone) after which yesterday's report is written. */
    private int dailyReportHour = 1;

    /** Time zone of the daily report's days and hour. */
    private ZoneId dailyReportZone = ZoneId.of("UTC");

    /** Most route-hours of merged rollups kept in memory, so that reports over settled hours need not read them again. */
    private long cachedRouteHours = 40_000;

    /** How far back the background thread reads settled hours into the report cache (0 for none): a week against the week before. */
    private Duration warmUp = Duration.ofDays(15);

    /**
     * Whether reports read settled hours from hourly rollups (every node's minutes merged per series,
     * compacted once by the first node that needs them, in hour-table) instead of the minute rollups.
     */
    private boolean hourlyRollups = true;

    /** How long after its end an hour is settled: compacted and cached; rollups a node writes later are left out of it. */
    private Duration hourSettleDelay = Duration.ofMinutes(10);

    /** How long hourly rollups are kept (the minute rollups follow corp-astro.monitor.rollup-retention). */
    private Duration hourRetention = Duration.ofDays(93);

    /** Table of the hourly rollups. */
    private String hourTable = "corp_astro_metric_hour";

    /** Whether the alert and daily-report tables are created (CREATE TABLE IF NOT EXISTS) on first use. */
    private boolean createTables = true;

    /** Table of the alerts in the application's database. */
    private String alertTable = "corp_astro_alert";

    /** Table of the daily reports in the application's database. */
    private String reportTable = "corp_astro_daily_report";

    private static Map<String, Objective> defaultObjectives() {
        Map<String, Objective> objectives = new LinkedHashMap<>();
        objectives.put("content", new Objective(0.999, Duration.ofMillis(300)));
        objectives.put("public", new Objective(0.995, Duration.ofMillis(300)));
        return objectives;
    }

    /** Fails with the bad value when a setting is out of range. */
    void validate() {
        check(regressionThreshold > 0, "regression-threshold must be > 0", regressionThreshold);
        check(regressionMinimumIncrease != null && !regressionMinimumIncrease.isNegative(),
                "regression-minimum-increase must be >= 0", regressionMinimumIncrease);
        check(minimumSamples >= 1, "minimum-samples must be >= 1", minimumSamples);
        check(confidence > 0 && confidence < 1, "confidence must be between 0 and 1", confidence);
        check(positive(defaultApdexThreshold), "default-apdex-threshold must be > 0", defaultApdexThreshold);
        apdexThresholds.forEach((type, t) -> check(positive(t), "apdex-thresholds." + type + " must be > 0", t));
        objectives.forEach((type, objective) -> {
            check(objective.getTarget() > 0 && objective.getTarget() < 1,
                    "objectives." + type + ".target must be between 0 and 1", objective.getTarget());
            check(positive(objective.getLatency()), "objectives." + type + ".latency must be > 0",
                    objective.getLatency());
        });
        check(positive(sloWindow) && sloWindow.toMinutes() >= 60, "slo-window must be >= 1 hour", sloWindow);
        check(positive(evaluationInterval), "evaluation-interval must be > 0", evaluationInterval);
        check(positive(anomalyWindow) && anomalyWindow.toMillis() % 60_000 == 0,
                "anomaly-window must be a positive whole number of minutes", anomalyWindow);
        check(ewmaBand > 0, "ewma-band must be > 0", ewmaBand);
        check(ewmaWeight > 0 && ewmaWeight < 1, "ewma-weight must be between 0 and 1", ewmaWeight);
        check(webhookAttempts >= 1, "webhook-attempts must be >= 1", webhookAttempts);
        check(positive(webhookBackoff), "webhook-backoff must be > 0", webhookBackoff);
        check(positive(webhookTimeout), "webhook-timeout must be > 0", webhookTimeout);
        check(warmUp != null && !warmUp.isNegative(), "warm-up must be >= 0", warmUp);
        check(cachedRouteHours >= 0, "cached-route-hours must be >= 0", cachedRouteHours);
        check(hourSettleDelay != null && hourSettleDelay.toSeconds() >= 60, "hour-settle-delay must be >= 1 minute",
                hourSettleDelay);
        check(hourRetention != null && hourRetention.toHours() >= 24, "hour-retention must be >= 1 day", hourRetention);
        check(dailyReportHour >= 0 && dailyReportHour <= 23, "daily-report-hour must be from 0 to 23", dailyReportHour);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void check(boolean ok, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("corp-astro.analytics." + rule + ", was " + value);
        }
    }

    /** The Apdex threshold of an endpoint type. */
    Duration apdexThreshold(String endpointType) {
        return apdexThresholds.getOrDefault(endpointType, defaultApdexThreshold);
    }

    /** One service-level objective. */
    public static class Objective {

        /** Share of requests that must be good: answered within latency and without a 5xx (0.999 = 99.9%). */
        private double target;

        /** A request slower than this is bad. */
        private Duration latency = Duration.ofMillis(300);

        public Objective() {
            this(0.999, Duration.ofMillis(300));
        }

        public Objective(double target, Duration latency) {
            this.target = target;
            this.latency = latency;
        }

        public double getTarget() {
            return target;
        }

        public void setTarget(double target) {
            this.target = target;
        }

        public Duration getLatency() {
            return latency;
        }

        public void setLatency(Duration latency) {
            this.latency = latency;
        }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public double getRegressionThreshold() { return regressionThreshold; }
    public void setRegressionThreshold(double regressionThreshold) { this.regressionThreshold = regressionThreshold; }
    public Duration getRegressionMinimumIncrease() { return regressionMinimumIncrease; }
    public void setRegressionMinimumIncrease(Duration regressionMinimumIncrease) { this.regressionMinimumIncrease = regressionMinimumIncrease; }
    public long getMinimumSamples() { return minimumSamples; }
    public void setMinimumSamples(long minimumSamples) { this.minimumSamples = minimumSamples; }
    public double getConfidence() { return confidence; }
    public void setConfidence(double confidence) { this.confidence = confidence; }
    public Map<String, Duration> getApdexThresholds() { return apdexThresholds; }
    public void setApdexThresholds(Map<String, Duration> apdexThresholds) { this.apdexThresholds = apdexThresholds; }
    public Duration getDefaultApdexThreshold() { return defaultApdexThreshold; }
    public void setDefaultApdexThreshold(Duration defaultApdexThreshold) { this.defaultApdexThreshold = defaultApdexThreshold; }
    public Map<String, Objective> getObjectives() { return objectives; }
    public void setObjectives(Map<String, Objective> objectives) { this.objectives = objectives; }
    public Duration getSloWindow() { return sloWindow; }
    public void setSloWindow(Duration sloWindow) { this.sloWindow = sloWindow; }
    public Duration getEvaluationInterval() { return evaluationInterval; }
    public void setEvaluationInterval(Duration evaluationInterval) { this.evaluationInterval = evaluationInterval; }
    public Duration getAnomalyWindow() { return anomalyWindow; }
    public void setAnomalyWindow(Duration anomalyWindow) { this.anomalyWindow = anomalyWindow; }
    public double getEwmaBand() { return ewmaBand; }
    public void setEwmaBand(double ewmaBand) { this.ewmaBand = ewmaBand; }
    public double getEwmaWeight() { return ewmaWeight; }
    public void setEwmaWeight(double ewmaWeight) { this.ewmaWeight = ewmaWeight; }
    public String getAlertWebhookUrl() { return alertWebhookUrl; }
    public void setAlertWebhookUrl(String alertWebhookUrl) { this.alertWebhookUrl = alertWebhookUrl; }
    public int getWebhookAttempts() { return webhookAttempts; }
    public void setWebhookAttempts(int webhookAttempts) { this.webhookAttempts = webhookAttempts; }
    public Duration getWebhookBackoff() { return webhookBackoff; }
    public void setWebhookBackoff(Duration webhookBackoff) { this.webhookBackoff = webhookBackoff; }
    public Duration getWebhookTimeout() { return webhookTimeout; }
    public void setWebhookTimeout(Duration webhookTimeout) { this.webhookTimeout = webhookTimeout; }
    public int getDailyReportHour() { return dailyReportHour; }
    public void setDailyReportHour(int dailyReportHour) { this.dailyReportHour = dailyReportHour; }
    public ZoneId getDailyReportZone() { return dailyReportZone; }
    public void setDailyReportZone(ZoneId dailyReportZone) { this.dailyReportZone = dailyReportZone; }
    public Duration getWarmUp() { return warmUp; }
    public void setWarmUp(Duration warmUp) { this.warmUp = warmUp; }
    public long getCachedRouteHours() { return cachedRouteHours; }
    public void setCachedRouteHours(long cachedRouteHours) { this.cachedRouteHours = cachedRouteHours; }
    public boolean isCreateTables() { return createTables; }
    public void setCreateTables(boolean createTables) { this.createTables = createTables; }
    public String getAlertTable() { return alertTable; }
    public void setAlertTable(String alertTable) { this.alertTable = alertTable; }
    public String getReportTable() { return reportTable; }
    public void setReportTable(String reportTable) { this.reportTable = reportTable; }
    public boolean isHourlyRollups() { return hourlyRollups; }
    public void setHourlyRollups(boolean hourlyRollups) { this.hourlyRollups = hourlyRollups; }
    public Duration getHourSettleDelay() { return hourSettleDelay; }
    public void setHourSettleDelay(Duration hourSettleDelay) { this.hourSettleDelay = hourSettleDelay; }
    public Duration getHourRetention() { return hourRetention; }
    public void setHourRetention(Duration hourRetention) { this.hourRetention = hourRetention; }
    public String getHourTable() { return hourTable; }
    public void setHourTable(String hourTable) { this.hourTable = hourTable; }
}
