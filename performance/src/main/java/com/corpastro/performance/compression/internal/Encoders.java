package com.corpastro.performance.compression.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.github.luben.zstd.Zstd;

/** The native and JDK encoders, each checked once for availability on this platform. */
public final class Encoders {

    private static final Logger log = LoggerFactory.getLogger(Encoders.class);

    private Encoders() {
    }

    /** Whether brotli4j's native library loads on this platform. */
    public static boolean brotliAvailable() {
        return BrotliHolder.AVAILABLE;
    }

    /** Whether zstd-jni's native library loads on this platform. */
    public static boolean zstdAvailable() {
        return ZstdHolder.AVAILABLE;
    }

    public static byte[] brotli(byte[] input, int quality) {
        try {
            return Encoder.compress(input, new Encoder.Parameters().setQuality(quality));
        } catch (IOException e) {
            throw new UncheckedIOException("brotli compression failed", e);
        }
    }

    public static byte[] zstd(byte[] input, int level) {
        return Zstd.compress(input, level);
    }

    public static byte[] gzip(byte[] input, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, input.length / 3));
        try (GZIPOutputStream gzip = new LevelGzipOutputStream(out, level)) {
            gzip.write(input);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip compression failed", e);
        }
        return out.toByteArray();
    }

    private static final class LevelGzipOutputStream extends GZIPOutputStream {

        LevelGzipOutputStream(ByteArrayOutputStream out, int level) throws IOException {
            super(out, 8192);
            def.setLevel(level);
        }
    }

    private static final class BrotliHolder {

        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                Brotli4jLoader.ensureAvailability();
                return true;
            } catch (Throwable e) {
                log.warn("event=codec_unavailable coding=br error=\"{}\"", e.toString());
                return false;
            }
        }
    }

    private static final class ZstdHolder {

        static final boolean AVAILABLE = load();

        private static boolean load() {
            try {
                Zstd.compressBound(1);
                return true;
            } catch (Throwable e) {
                log.warn("event=codec_unavailable coding=zstd error=\"{}\"", e.toString());
                return false;
            }
        }
    }
}
