package com.corpastro.performance.monitor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;

/**
 * The monitor's quantile sketch: a DDSketch with 1% relative accuracy, at most 2,048 bins
 * (collapsing the lowest, which keeps every value between about 1 µs and 10^8 exact to 1%).
 * Sketches of different nodes merge exactly.
 */
public final class Sketches {

    /** Relative accuracy of every quantile the monitor reports. */
    public static final double RELATIVE_ACCURACY = 0.01;
    private static final int MAXIMUM_BINS = 2048;

    private Sketches() {
    }

    public static DDSketch create() {
        return DDSketches.collapsingLowestDense(RELATIVE_ACCURACY, MAXIMUM_BINS);
    }

    /** The sketch's portable binary form (DDSketch's protobuf-compatible encoding). */
    public static byte[] encode(DDSketch sketch) {
        ByteBuffer buffer = sketch.serialize();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** Adds the values of an encoded sketch to {@code target}. */
    public static void mergeInto(DDSketch target, byte[] encoded) {
        try {
            target.decodeAndMergeWith(ByteArrayInput.wrap(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException("could not decode a stored sketch of " + encoded.length + " bytes", e);
        }
    }
}
