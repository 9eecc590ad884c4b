package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Every request lands in the timer of its method, route and status, looked up once and kept. */
class MicrometerResponseTimesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerResponseTimes times = new MicrometerResponseTimes(registry);

    @Test
    void requestsOfOneMethodRouteAndStatusShareATimerAndOthersGetTheirOwn() {
        times.onResponse(timing("GET", "/api/items/{id}", 200, 3));
        times.onResponse(timing("GET", "/api/items/{id}", 200, 5));
        times.onResponse(timing("GET", "/api/items/{id}", 404, 1));

        Timer ok = registry.get(MicrometerResponseTimes.METER).tag("route", "/api/items/{id}").tag("status", "200")
                .tag("method", "GET").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(8.0);
        assertThat(registry.get(MicrometerResponseTimes.METER).tag("status", "404").timer().count()).isEqualTo(1);
    }

    @Test
    void oddMethodsBeyondTheKeptTimersAreStillRecorded() {
        for (int i = 0; i < MicrometerResponseTimes.MAX_KEPT + 5; i++) {
            times.onResponse(timing("M" + i, "/x", 200, 1));
        }
        times.onResponse(timing("M" + (MicrometerResponseTimes.MAX_KEPT + 4), "/x", 200, 1));

        assertThat(registry.get(MicrometerResponseTimes.METER).tag("method", "M" + (MicrometerResponseTimes.MAX_KEPT + 4))
                .timer().count()).isEqualTo(2);
    }

    private static ResponseTiming timing(String method, String route, int status, long millis) {
        return new ResponseTiming(method, route, status, Duration.ofMillis(millis), "/x", null);
    }
}
