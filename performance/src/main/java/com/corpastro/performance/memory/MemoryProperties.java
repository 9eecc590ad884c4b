package com.corpastro.performance.memory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the memory manager, under {@code corp-astro.memory}.
 */
@ConfigurationProperties("corp-astro.memory")
public class MemoryProperties {

    /** Whether the memory manager watches the heap and reacts to pressure. */
    private boolean enabled = true;

    /** Heap used after GC, as a share of the maximum, above which in-process caches are shrunk. */
    private double warningLevel = 0.75;

    /** Heap used after GC above which content generation is refused with 503 (load shedding). */
    private double criticalLevel = 0.90;

    /** How far below a level usage must fall before the manager steps down again. */
    private double hysteresis = 0.05;

    /** Retry-After of requests refused while shedding load. */
    private Duration retryAfter = Duration.ofSeconds(30);

    /** Whether entering the warning level clears the in-process application cache. */
    private boolean shrinkCaches = true;

    /** Whether readiness (/actuator/health/readiness) refuses traffic while load is shed. */
    private boolean readiness = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getWarningLevel() {
        return warningLevel;
    }

    public void setWarningLevel(double warningLevel) {
        this.warningLevel = warningLevel;
    }

    public double getCriticalLevel() {
        return criticalLevel;
    }

    public void setCriticalLevel(double criticalLevel) {
        this.criticalLevel = criticalLevel;
    }

    public double getHysteresis() {
        return hysteresis;
    }

    public void setHysteresis(double hysteresis) {
        this.hysteresis = hysteresis;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public boolean isShrinkCaches() {
        return shrinkCaches;
    }

    public void setShrinkCaches(boolean shrinkCaches) {
        this.shrinkCaches = shrinkCaches;
    }

    public boolean isReadiness() {
        return readiness;
    }

    public void setReadiness(boolean readiness) {
        this.readiness = readiness;
    }
}
