package com.corpastro.performance.compression;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Response compression, under {@code corp-astro.http.compression}.
 */
@ConfigurationProperties("corp-astro.http.compression")
public class CompressionProperties {

    /** Whether responses are compressed (keep server.compression.enabled=false). */
    private boolean enabled = true;

    /** Codings offered, best first: br, zstd, gzip. */
    private List<String> codings = new ArrayList<>(List.of("br", "zstd", "gzip"));

    /** Smallest body that is compressed. */
    private DataSize minSize = DataSize.ofKilobytes(1);

    /** Compressible content types; text/* and application/*+json style wildcards work. */
    private List<String> mimeTypes = new ArrayList<>(List.of("application/json", "application/*+json",
            "application/javascript", "text/*", "image/svg+xml", "application/xml", "application/*+xml"));

    /** Brotli quality, 0 to 11. */
    private int brotliQuality = 5;

    /**
     * Brotli quality, 0 to 11, of an answer the response cache does not keep (a freshly generated one, say),
     * compressed for one client only.
     */
    private int unstoredBrotliQuality = 1;

    /** Zstandard level, 1 to 22. */
    private int zstdLevel = 3;

    /** gzip level, 1 to 9. */
    private int gzipLevel = 6;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getCodings() {
        return codings;
    }

    public void setCodings(List<String> codings) {
        this.codings = codings;
    }

    public DataSize getMinSize() {
        return minSize;
    }

    public void setMinSize(DataSize minSize) {
        this.minSize = minSize;
    }

    public List<String> getMimeTypes() {
        return mimeTypes;
    }

    public void setMimeTypes(List<String> mimeTypes) {
        this.mimeTypes = mimeTypes;
    }

    public int getBrotliQuality() {
        return brotliQuality;
    }

    public void setBrotliQuality(int brotliQuality) {
        this.brotliQuality = brotliQuality;
    }

    public int getUnstoredBrotliQuality() {
        return unstoredBrotliQuality;
    }

    public void setUnstoredBrotliQuality(int unstoredBrotliQuality) {
        this.unstoredBrotliQuality = unstoredBrotliQuality;
    }

    public int getZstdLevel() {
        return zstdLevel;
    }

    public void setZstdLevel(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    public int getGzipLevel() {
        return gzipLevel;
    }

    public void setGzipLevel(int gzipLevel) {
        this.gzipLevel = gzipLevel;
    }
}
