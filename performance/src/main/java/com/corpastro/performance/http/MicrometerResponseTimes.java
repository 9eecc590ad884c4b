package com.corpastro.performance.http;

import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every request in the Micrometer timer {@code corp_astro.http.requests} tagged with
 * method, route template and status. Each timer is looked up in the registry once and kept (the
 * builder and its tags cost more than the recording itself); past {@value #MAX_KEPT} kept timers,
 * further ones are looked up on every request as before.
 */
final class MicrometerResponseTimes implements ResponseTimeListener {

    /** The timer's name. */
    public static final String METER = "corp_astro.http.requests";
    /** The most timers kept (methods, routes and statuses are few; an odd method from a client is not kept). */
    static final int MAX_KEPT = 2_000;

    private final MeterRegistry registry;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    MicrometerResponseTimes(MeterRegistry registry) {
        this.registry = registry;
    }

    private record Key(String method, String route, int status) {
    }

    @Override
    public void onResponse(ResponseTiming timing) {
        Key key = new Key(timing.method(), timing.route(), timing.status());
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = Timer.builder(METER)
                    .tag("method", timing.method())
                    .tag("route", timing.route())
                    .tag("status", Integer.toString(timing.status()))
                    .register(registry);
            if (timers.size() < MAX_KEPT) {
                timers.putIfAbsent(key, timer);
            }
        }
        timer.record(timing.duration());
    }
}
