package com.corpastro.performance.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the application cache, under {@code corp-astro.cache}.
 */
@ConfigurationProperties("corp-astro.cache")
public class CacheProperties {

    /** Whether the application cache is on; off means every read goes to the source. */
    private boolean enabled = true;

    /** Most entries held in the in-process (L1) cache. */
    private long maximumEntries = 10_000;

    /** Longest TTL any entry gets; longer TTLs are shortened to it. */
    private Duration maximumTtl = Duration.ofDays(1);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public long getMaximumEntries() {
        return maximumEntries;
    }

    public void setMaximumEntries(long maximumEntries) {
        this.maximumEntries = maximumEntries;
    }

    public Duration getMaximumTtl() {
        return maximumTtl;
    }

    public void setMaximumTtl(Duration maximumTtl) {
        this.maximumTtl = maximumTtl;
    }
}
