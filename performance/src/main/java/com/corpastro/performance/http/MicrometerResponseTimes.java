package com.corpastro.performance.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every request in the Micrometer timer {@code corp_astro.http.requests} tagged with
 * method, route template and status.
 */
final class MicrometerResponseTimes implements ResponseTimeListener {

    /** The timer's name. */
    public static final String METER = "corp_astro.http.requests";

    private final MeterRegistry registry;

    MicrometerResponseTimes(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onResponse(ResponseTiming timing) {
        Timer.builder(METER)
                .tag("method", timing.method())
                .tag("route", timing.route())
                .tag("status", Integer.toString(timing.status()))
                .register(registry)
                .record(timing.duration());
    }
}
