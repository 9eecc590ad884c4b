package com.corpastro.performance.cache;

import java.lang.reflect.Type;
import java.util.Optional;

/** One L1 entry: the value, the generations of its tags when it was built, its deadline and weight. */
final class CacheEntry {

    final Object value;
    final EntityTag[] tags;
    final long[] generations;
    /** Ticker time at which the entry expires. */
    final long expiresAt;
    final int weight;
    /** The generic type the value was stored or read as; {@code null} when only its class is known. */
    final Type type;
    /** What {@code get} answers with, made once so that a hit does not allocate. */
    private final Optional<Object> found;
    /** The generation epoch at which the tags were last found current; a benign race. */
    long checkedAt = -1;

    CacheEntry(Object value, EntityTag[] tags, long[] generations, long expiresAt, int weight, Type type) {
        this.value = value;
        this.type = type;
        this.tags = tags;
        this.generations = generations;
        this.expiresAt = expiresAt;
        this.weight = weight;
        this.found = value == TieredCacheManager.NOT_FOUND ? Optional.empty() : Optional.of(value);
    }

    /** {@link #found} for a caller that checked {@code value} is a {@code type} or {@code NOT_FOUND}. */
    @SuppressWarnings("unchecked")
    <T> Optional<T> found(Class<T> type) {
        return (Optional<T>) found;
    }

    /**
     * Approximate heap bytes of a cached value and of this entry: what a {@link RetainedSize} value says it
     * keeps, else its serialized size scaled for object overhead.
     */
    static int weigh(Object value, byte[] encoded) {
        long weight;
        if (value instanceof RetainedSize sized) {
            weight = Math.max(0, sized.retainedBytes());
        } else if (value instanceof String text) {
            weight = 48L + 2L * text.length();
        } else if (encoded != null) {
            weight = 64L + 2L * encoded.length;
        } else {
            weight = 1024;
        }
        return (int) Math.min(Integer.MAX_VALUE, weight + 112);
    }
}
