package com.corpastro.performance.monitor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a metric point measures, with the tags its points carry.
 *
 * <ul>
 * <li>{@link #RESPONSE_TIME}: milliseconds; tags {@code path} (route pattern), {@code method}, {@code status},
 * and for routes with a cache in front {@code cache} ({@code hit} or {@code miss}; absent on other routes)
 * <li>{@link #DATABASE_QUERY}: milliseconds; tags {@code operation}, {@code model}
 * <li>{@link #CONTENT_GENERATION}: milliseconds; tags {@code contentType}, {@code success}
 * <li>{@link #GRAPHQL_OPERATION}: milliseconds of one GraphQL operation; tags {@code operation} (its name),
 * {@code operationType} ({@code query}, {@code mutation}), {@code success} (false when it answered errors)
 * <li>{@link #CACHE}: hit rate in percent (100 for a single hit, 0 for a miss); tag {@code cache}
 * <li>{@link #ERROR}: 1 per error response; tags {@code path}, {@code method}, {@code status}, {@code code}
 * <li>{@link #CPU_USAGE}: percent of all cores; tag {@code name} ({@code process} or {@code system})
 * <li>{@link #MEMORY_USAGE}: tag {@code name}: {@code heap_used}, {@code heap_committed}, {@code heap_max},
 * {@code non_heap_used} (bytes), {@code gc_pause} (ms per sample), {@code live_threads} (count),
 * {@code memory_state} (0 normal, 1 warning, 2 critical)
 * </ul>
 */
public enum MetricType {
    RESPONSE_TIME("path", "method", "status", "cache"),
    DATABASE_QUERY("operation", "model"),
    CONTENT_GENERATION("contentType", "success"),
    GRAPHQL_OPERATION("operation", "operationType", "success"),
    CACHE("cache"),
    ERROR("path", "method", "status", "code"),
    CPU_USAGE("name"),
    MEMORY_USAGE("name");

    private final List<String> tagNames;

    MetricType(String... tagNames) {
        this.tagNames = List.of(tagNames);
    }

    /** The tag names of this type's points, in order. */
    public List<String> tagNames() {
        return tagNames;
    }

    /**
     * The type named {@code value}, ignoring case and accepting {@code -} for {@code _}
     * ({@code response-time}, {@code RESPONSE_TIME}).
     *
     * @throws IllegalArgumentException naming the bad value and the valid ones
     */
    public static MetricType parse(String value) {
        if (value != null) {
            String normalized = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (MetricType type : values()) {
                if (type.name().equals(normalized)) {
                    return type;
                }
            }
        }
        throw new IllegalArgumentException("type must be one of "
                + Arrays.stream(values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList() + ", was '" + value + "'");
    }
}
