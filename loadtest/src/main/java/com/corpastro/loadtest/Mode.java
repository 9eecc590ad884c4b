package com.corpastro.loadtest;

import java.util.Arrays;

/** The two ways the same service runs in a load test. */
public enum Mode {

    /** Every optimization on (the default), with rate limits raised so that they never trip. */
    OPTIMIZED("optimized", true),
    /** {@code CORP_ASTRO_PERFORMANCE_ENABLED=false}: no caches, compression, ETags or rate limits. */
    OFF("off", false);

    private final String key;
    private final boolean optimized;

    Mode(String key, boolean optimized) {
        this.key = key;
        this.optimized = optimized;
    }

    public String key() {
        return key;
    }

    public boolean optimized() {
        return optimized;
    }

    /** The mode named {@code key} ("optimized" or "off"). */
    public static Mode of(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("loadtest.mode must be optimized or off, was '" + key + "'"));
    }
}
