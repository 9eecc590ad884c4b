package com.corpastro.performance.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletRequest;

/**
 * Lets application code add metrics to the {@code Server-Timing} header of the current response,
 * next to the {@code total} that {@link ResponseTimeFilter} measures.
 *
 * <pre>{@code
 * long start = System.nanoTime();
 * Content content = generator.generate(...);
 * ServerTiming.add(request, "generation", Duration.ofNanos(System.nanoTime() - start));
 * }</pre>
 *
 * Metric names must be HTTP tokens ({@code db}, {@code cache}, {@code generation}). Adding the
 * same name twice adds the durations.
 */
public final class ServerTiming {

    static final String ATTRIBUTE = ServerTiming.class.getName();

    private ServerTiming() {
    }

    /** Adds {@code duration} to the metric {@code name} of this request. */
    public static void add(ServletRequest request, String name, Duration duration) {
        if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("Server-Timing metric name must be a token, was '" + name + "'");
        }
        List<Metric> metrics = metrics(request, true);
        for (int i = 0; i < metrics.size(); i++) {
            Metric metric = metrics.get(i);
            if (metric.name().equals(name) && metric.description() == null) {
                metrics.set(i, new Metric(name, metric.duration().plus(duration), null));
                return;
            }
        }
        metrics.add(new Metric(name, duration, null));
    }

    /** Adds a metric with a description and no duration, e.g. {@code cache;desc="hit"}. */
    public static void describe(ServletRequest request, String name, String description) {
        metrics(request, true).add(new Metric(name, null, description));
    }

    @SuppressWarnings("unchecked")
    static List<Metric> metrics(ServletRequest request, boolean create) {
        Object value = request.getAttribute(ATTRIBUTE);
        if (value instanceof List<?> list) {
            return (List<Metric>) list;
        }
        if (!create) {
            return List.of();
        }
        List<Metric> metrics = new ArrayList<>(4);
        request.setAttribute(ATTRIBUTE, metrics);
        return metrics;
    }

    record Metric(String name, Duration duration, String description) {

        void appendTo(StringBuilder header) {
            header.append(", ").append(name);
            if (duration != null) {
                header.append(";dur=");
                ResponseTimeFilter.appendMillis(header, duration.toNanos());
            }
            if (description != null) {
                header.append(";desc=\"").append(description.replace("\"", "")).append('"');
            }
        }
    }
}
