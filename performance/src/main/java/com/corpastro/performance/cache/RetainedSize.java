package com.corpastro.performance.cache;

/**
 * A cached value that knows how many bytes of heap it keeps reachable, so that the L1 (bounded by
 * {@code corp-astro.cache.maximum-weight}) is charged what the value really retains. Any other value is
 * weighed from its serialized form with a margin for object overhead, which suits object graphs of small
 * fields but charges a value made mostly of byte arrays about twice what it keeps (Smile writes bytes in a
 * 7-bit form, and the margin doubles that again): such values should implement this.
 *
 * <pre>{@code
 * record Blob(String name, byte[] bytes) implements RetainedSize {
 *     public long retainedBytes() {
 *         return 24 + RetainedSize.of(name) + RetainedSize.of(bytes);
 *     }
 * }
 * }</pre>
 */
public interface RetainedSize {

    /** The heap bytes this value keeps reachable (its own object included), an estimate; at least 0. */
    long retainedBytes();

    /** The heap bytes of {@code bytes}: the array's header and its elements; 0 for {@code null}. */
    static long of(byte[] bytes) {
        return bytes == null ? 0 : 16L + bytes.length;
    }

    /**
     * The heap bytes of {@code text}: its object and its array, one byte a character when all are Latin-1
     * (the JVM's compact strings), else two; 0 for {@code null}.
     */
    static long of(String text) {
        if (text == null) {
            return 0;
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) > 0xFF) {
                return 24L + 16L + 2L * length;
            }
        }
        return 24L + 16L + length;
    }
}
