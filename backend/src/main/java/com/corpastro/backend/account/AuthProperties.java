package com.corpastro.backend.account;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How bearer tokens are checked against the database, under {@code corp-astro.auth}. */
@ConfigurationProperties("corp-astro.auth")
public class AuthProperties {

    /**
     * Token lookups that reach the database per client IP and minute (a token bucket: this many at
     * once, then one every 60/n seconds); a lookup beyond it is refused with 429 rate_limited. Only
     * tokens in no cache count, so a client using its own token costs nothing after the first request.
     */
    private long tokenLookupsPerMinute = 60;

    /** How long a token the database does not know is answered 401 without asking the database again. */
    private Duration negativeCacheTtl = Duration.ofSeconds(30);

    /** The most unknown tokens remembered; the least recently used are forgotten first. */
    private long negativeCacheSize = 10_000;

    public long getTokenLookupsPerMinute() {
        return tokenLookupsPerMinute;
    }

    public void setTokenLookupsPerMinute(long tokenLookupsPerMinute) {
        if (tokenLookupsPerMinute <= 0) {
            throw new IllegalArgumentException(
                    "corp-astro.auth.token-lookups-per-minute must be > 0, was " + tokenLookupsPerMinute);
        }
        this.tokenLookupsPerMinute = tokenLookupsPerMinute;
    }

    public Duration getNegativeCacheTtl() {
        return negativeCacheTtl;
    }

    public void setNegativeCacheTtl(Duration negativeCacheTtl) {
        if (negativeCacheTtl == null || negativeCacheTtl.isNegative() || negativeCacheTtl.isZero()) {
            throw new IllegalArgumentException("corp-astro.auth.negative-cache-ttl must be > 0, was " + negativeCacheTtl);
        }
        this.negativeCacheTtl = negativeCacheTtl;
    }

    public long getNegativeCacheSize() {
        return negativeCacheSize;
    }

    public void setNegativeCacheSize(long negativeCacheSize) {
        if (negativeCacheSize <= 0) {
            throw new IllegalArgumentException("corp-astro.auth.negative-cache-size must be > 0, was " + negativeCacheSize);
        }
        this.negativeCacheSize = negativeCacheSize;
    }
}
