package com.corpastro.performance.monitor.internal;

import java.util.Map;
import java.util.function.DoubleConsumer;

import com.corpastro.performance.monitor.MetricType;

/**
 * One interned combination of a metric type and tag values. Points refer to their series by
 * {@link #id()}, so the request path stores three primitives per point.
 */
public final class Series {

    private final int id;
    private final MetricType type;
    private final Map<String, String> tags;
    private final String key;
    private volatile DoubleConsumer meter = value -> { };

    Series(int id, MetricType type, Map<String, String> tags) {
        this.id = id;
        this.type = type;
        this.tags = tags;
        this.key = TagCodec.encode(tags);
    }

    public int id() {
        return id;
    }

    public MetricType type() {
        return type;
    }

    /** Tag name to value, in the order of {@link MetricType#tagNames()}. */
    public Map<String, String> tags() {
        return tags;
    }

    /** The tags as one string, as stored in rollups. */
    public String key() {
        return key;
    }

    public String tag(String name) {
        return tags.get(name);
    }

    /** Whether every entry of {@code filter} equals this series' tag of that name. */
    public boolean matches(Map<String, String> filter) {
        for (Map.Entry<String, String> entry : filter.entrySet()) {
            if (!entry.getValue().equals(tags.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public void meter(double value) {
        meter.accept(value);
    }

    public void setMeter(DoubleConsumer meter) {
        this.meter = meter;
    }
}
