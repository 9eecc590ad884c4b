package com.corpastro.performance.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.internal.Sketches;
import com.datadoghq.sketch.ddsketch.DDSketch;

/** Per-minute response-time rollups as a node writes them, for seeding a rollup store. */
final class Rollups {

    private Rollups() {
    }

    /**
     * One rollup per minute of {@code [from, from + minutes)} for {@code method path} answering
     * {@code status}: {@code perMinute} requests of {@code ms} to {@code ms * 1.1}.
     */
    static List<Rollup> minutes(String node, String method, String path, int status, Instant from, int minutes,
            int perMinute, double ms) {
        return minutes(node, method, path, status, null, from, minutes, perMinute, ms);
    }

    /** The same, of requests a cache answered ({@code cache} "hit") or missed ("miss"); null for a route without one. */
    static List<Rollup> minutes(String node, String method, String path, int status, String cache, Instant from,
            int minutes, int perMinute, double ms) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("path", path);
        tags.put("method", method);
        tags.put("status", Integer.toString(status));
        if (cache != null) {
            tags.put("cache", cache);
        }
        List<Rollup> rollups = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            DDSketch sketch = Sketches.create();
            double sum = 0;
            for (int i = 0; i < perMinute; i++) {
                double value = ms * (1 + 0.1 * i / perMinute);
                sketch.accept(value);
                sum += value;
            }
            rollups.add(new Rollup(node, MetricType.RESPONSE_TIME, Map.copyOf(tags),
                    from.plus(Duration.ofMinutes(m)).toEpochMilli(), perMinute, sum, ms,
                    ms * (1 + 0.1 * (perMinute - 1) / perMinute), Sketches.encode(sketch)));
        }
        return rollups;
    }
}
