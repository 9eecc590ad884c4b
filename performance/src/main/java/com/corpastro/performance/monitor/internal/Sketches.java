package com.corpastro.performance.monitor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;

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

    /** The sketch in DDSketch's compact binary encoding (index mapping, then sparse bins). */
    public static byte[] encode(DDSketch sketch) {
        GrowingByteArrayOutput output = GrowingByteArrayOutput.withInitialCapacity(256);
        try {
            sketch.encode(output, false);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a sketch", e);
        }
        return output.trimmedCopy();
    }

    /**
     * Adds the values of an encoded sketch to {@code target}, or decodes it when {@code target} is
     * {@code null}. Sketches that are merged with encoded ones must themselves come from
     * {@link #decode}: a decoded index mapping is not equal to a freshly built one.
     */
    public static DDSketch mergeInto(DDSketch target, byte[] encoded) {
        try {
            if (target == null) {
                return DDSketch.decode(ByteArrayInput.wrap(encoded),
                        () -> new CollapsingLowestDenseStore(MAXIMUM_BINS));
            }
            target.decodeAndMergeWith(ByteArrayInput.wrap(encoded));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not decode a stored sketch of " + encoded.length + " bytes", e);
        }
    }
}
