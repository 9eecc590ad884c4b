package com.corpastro.performance.monitor.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.corpastro.performance.monitor.MetricType;

/**
 * Interns series. The lookup of a known series is one {@link ConcurrentHashMap#get}; creating a
 * series takes a lock. At most {@code maximumSeries} series exist: beyond that, new tag
 * combinations fall into one overflow series per type whose text tags read {@value #OVERFLOW}.
 */
public final class SeriesRegistry {

    /** The tag value of series that exceeded the series limit. */
    public static final String OVERFLOW = "_other";
    private static final int MAXIMUM_TAG_LENGTH = 200;
    /** Room kept for the overflow series: one per type and status class (0, 100, ..., 600). */
    public static final int RESERVED = MetricType.values().length * 7;

    private final int maximumSeries;
    private final Consumer<Series> onCreate;
    private final ConcurrentHashMap<Key, Series> byKey = new ConcurrentHashMap<>();
    private volatile Series[] byId = new Series[64];
    private int size;

    public SeriesRegistry(int maximumSeries, Consumer<Series> onCreate) {
        if (maximumSeries <= RESERVED) {
            throw new IllegalArgumentException("maximumSeries must be > " + RESERVED + ", was " + maximumSeries);
        }
        this.maximumSeries = maximumSeries;
        this.onCreate = onCreate;
    }

    /**
     * The series of {@code type} with text tags {@code a}, {@code b}, {@code d} and number tag
     * {@code n}, mapped onto the type's tag names (see {@link #tags}).
     */
    public Series intern(MetricType type, String a, String b, int n, String d) {
        Series series = byKey.get(new Key(type, a, b, n, d));
        return series != null ? series : create(type, a, b, n, d);
    }

    private synchronized Series create(MetricType type, String a, String b, int n, String d) {
        Key key = new Key(type, a, b, n, d);
        Series existing = byKey.get(key);
        if (existing != null) {
            return existing;
        }
        if (size >= maximumSeries - RESERVED) {
            // Over the limit: one overflow series per type and status class keeps memory bounded.
            key = new Key(type, OVERFLOW, OVERFLOW, Math.max(0, Math.min(n, 699)) / 100 * 100, OVERFLOW);
            existing = byKey.get(key);
            if (existing != null) {
                return existing;
            }
        }
        Series series = new Series(size, type, tags(type, key.a, key.b, key.n, key.d));
        Series[] ids = byId;
        if (size == ids.length) {
            ids = java.util.Arrays.copyOf(ids, ids.length * 2);
        }
        ids[size++] = series;
        byId = ids;
        onCreate.accept(series);
        byKey.put(key, series);
        return series;
    }

    /** The series with {@code id}. */
    public Series get(int id) {
        return byId[id];
    }

    /** How many series exist. */
    public synchronized int size() {
        return size;
    }

    /** Every series, in id order. */
    public synchronized List<Series> all() {
        return List.of(java.util.Arrays.copyOf(byId, size));
    }

    /**
     * For each series id below the current size: whether the series is of {@code type} and
     * matches {@code filter}.
     */
    public boolean[] matching(MetricType type, Map<String, String> filter) {
        List<Series> all = all();
        boolean[] matches = new boolean[all.size()];
        for (Series series : all) {
            matches[series.id()] = series.type() == type && series.matches(filter);
        }
        return matches;
    }

    /** Maps the positional values onto {@code type}'s tag names. */
    static Map<String, String> tags(MetricType type, String a, String b, int n, String d) {
        Map<String, String> tags = new LinkedHashMap<>();
        List<String> names = type.tagNames();
        switch (type) {
            case RESPONSE_TIME -> {
                tags.put(names.get(0), a);
                tags.put(names.get(1), b);
                tags.put(names.get(2), Integer.toString(n));
                if (d != null) {
                    tags.put(names.get(3), d);
                }
            }
            case ERROR -> {
                tags.put(names.get(0), a);
                tags.put(names.get(1), b);
                tags.put(names.get(2), Integer.toString(n));
                tags.put(names.get(3), d);
            }
            case DATABASE_QUERY -> {
                tags.put(names.get(0), a);
                tags.put(names.get(1), b);
            }
            case CONTENT_GENERATION -> {
                tags.put(names.get(0), a);
                tags.put(names.get(1), Boolean.toString(n != 0));
            }
            case GRAPHQL_OPERATION -> {
                tags.put(names.get(0), a);
                tags.put(names.get(1), b);
                tags.put(names.get(2), Boolean.toString(n != 0));
            }
            default -> tags.put(names.get(0), a);
        }
        return Collections.unmodifiableMap(tags);
    }

    /** A tag value as stored: {@code unknown} for null, cut to 200 characters. */
    public static String clean(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        return value.length() > MAXIMUM_TAG_LENGTH ? value.substring(0, MAXIMUM_TAG_LENGTH) : value;
    }

    private record Key(MetricType type, String a, String b, int n, String d) {
    }
}
