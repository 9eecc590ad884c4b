package com.corpastro.backend.signs;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Public sun-sign readings, under {@code corp-astro.signs}. */
@ConfigurationProperties("corp-astro.signs")
public class SignsProperties {

    /**
     * Cache-Control of a reading, for browsers and any shared cache (RFC 5861's stale-while-revalidate and
     * stale-if-error included); a reading of today (no date given) keeps it to the seconds left of the UTC day.
     */
    private String cacheControl = "public, max-age=300, stale-while-revalidate=60, stale-if-error=86400";

    /**
     * CDN-Cache-Control (RFC 9213) of a reading, for CDNs only: longer, because a template change purges the
     * edge's copies.
     */
    private String cdnCacheControl = "public, max-age=86400, stale-while-revalidate=600, stale-if-error=604800";

    public String getCacheControl() {
        return cacheControl;
    }

    public void setCacheControl(String cacheControl) {
        this.cacheControl = cacheControl;
    }

    public String getCdnCacheControl() {
        return cdnCacheControl;
    }

    public void setCdnCacheControl(String cdnCacheControl) {
        this.cdnCacheControl = cdnCacheControl;
    }
}
