package com.corpastro.performance.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the performance monitor, its rollups, its HTTP API and dashboard, under
 * {@code corp-astro.monitor}.
 */
@ConfigurationProperties("corp-astro.monitor")
public class MonitorProperties {

    /** Whether the monitor records anything. */
    private boolean enabled = true;

    /** Most raw points held in memory (28 bytes each); the oldest are dropped first. */
    private int capacity = 1_000_000;

    /** How far back raw points answer queries; older ranges are answered from per-minute rollups. */
    private Duration rawRetention = Duration.ofHours(1);

    /** Most distinct series (metric type and tag values); beyond it new tag values are recorded as _other. */
    private int maximumSeries = 10_000;

    /** How often CPU, heap, GC, threads and cache hit rates are sampled. */
    private Duration sampleInterval = Duration.ofSeconds(5);

    /** How often raw points are folded into rollups; completed minutes are then written to the store. */
    private Duration flushInterval = Duration.ofSeconds(10);

    /** Id of this node in rollups; defaults to the host name and process id. */
    private String nodeId;

    /** Whether rollups go to the application's DataSource when there is exactly one; otherwise they stay in memory. */
    private boolean jdbcRollups = true;

    /** Table of the rollups in the application's database. */
    private String rollupTable = "corp_astro_metric_rollup";

    /** Whether the monitor creates its rollup table (CREATE TABLE IF NOT EXISTS) on first use. */
    private boolean createRollupTable = true;

    /** How long rollups are kept. */
    private Duration rollupRetention = Duration.ofDays(30);

    /**
     * Request paths (PathPattern syntax) whose requests are not recorded: the monitor's own API and dashboard,
     * and the analytics' API.
     */
    private List<String> excludedPaths = new ArrayList<>(List.of("/dashboard/**", "/api/admin/metrics/**",
            "/api/admin/performance/**", "/actuator/**", "/api/admin/reports/**", "/api/admin/slo",
            "/api/admin/alerts"));

    /**
     * Request paths (Spring PathPattern syntax, e.g. /api/admin/**) only admins may call, matched on the
     * decoded, normalised path before the body is read: 401 without a bearer token, 403 admin_required
     * with a token that is not an admin's.
     */
    private List<String> adminPaths = new ArrayList<>(List.of("/actuator/prometheus", "/actuator/metrics/**",
            "/api/admin/metrics/**", "/api/admin/performance/**", "/api/admin/reports/**", "/api/admin/slo",
            "/api/admin/alerts"));

    /** Request paths (PathPattern syntax) anyone may call although an admin path matches them, e.g. /actuator/health/**. */
    private List<String> openPaths = new ArrayList<>();

    /** Whether the dashboard is served at /dashboard. */
    private boolean dashboardEnabled = true;

    /**
     * Base URL (a CDN host, e.g. https://cdn.example.com) the dashboard page loads its content-hashed scripts and
     * styles from, the CDN forwarding /dashboard/* to the service; empty for the service itself.
     */
    private String assetBaseUrl = "";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getCapacity() {
        return capacity;
    }

    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    public Duration getRawRetention() {
        return rawRetention;
    }

    public void setRawRetention(Duration rawRetention) {
        this.rawRetention = rawRetention;
    }

    public int getMaximumSeries() {
        return maximumSeries;
    }

    public void setMaximumSeries(int maximumSeries) {
        this.maximumSeries = maximumSeries;
    }

    public Duration getSampleInterval() {
        return sampleInterval;
    }

    public void setSampleInterval(Duration sampleInterval) {
        this.sampleInterval = sampleInterval;
    }

    public Duration getFlushInterval() {
        return flushInterval;
    }

    public void setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public boolean isJdbcRollups() {
        return jdbcRollups;
    }

    public void setJdbcRollups(boolean jdbcRollups) {
        this.jdbcRollups = jdbcRollups;
    }

    public String getRollupTable() {
        return rollupTable;
    }

    public void setRollupTable(String rollupTable) {
        this.rollupTable = rollupTable;
    }

    public boolean isCreateRollupTable() {
        return createRollupTable;
    }

    public void setCreateRollupTable(boolean createRollupTable) {
        this.createRollupTable = createRollupTable;
    }

    public Duration getRollupRetention() {
        return rollupRetention;
    }

    public void setRollupRetention(Duration rollupRetention) {
        this.rollupRetention = rollupRetention;
    }

    public List<String> getExcludedPaths() {
        return excludedPaths;
    }

    public void setExcludedPaths(List<String> excludedPaths) {
        this.excludedPaths = excludedPaths;
    }

    public List<String> getAdminPaths() {
        return adminPaths;
    }

    public void setAdminPaths(List<String> adminPaths) {
        this.adminPaths = adminPaths;
    }

    public List<String> getOpenPaths() {
        return openPaths;
    }

    public void setOpenPaths(List<String> openPaths) {
        this.openPaths = openPaths;
    }

    public boolean isDashboardEnabled() {
        return dashboardEnabled;
    }

    public void setDashboardEnabled(boolean dashboardEnabled) {
        this.dashboardEnabled = dashboardEnabled;
    }

    public String getAssetBaseUrl() {
        return assetBaseUrl;
    }

    public void setAssetBaseUrl(String assetBaseUrl) {
        this.assetBaseUrl = assetBaseUrl;
    }
}
