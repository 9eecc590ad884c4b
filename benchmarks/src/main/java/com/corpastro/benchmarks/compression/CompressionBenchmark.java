package com.corpastro.benchmarks.compression;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import com.aayushatharva.brotli4j.encoder.Encoder;
import com.corpastro.performance.compression.Compression;
import com.corpastro.performance.compression.ContentCoding;
import com.github.luben.zstd.ZstdCompressCtx;

/**
 * Compressing real content responses: the twelve JSON bodies of
 * {@code GET /api/businesses/{id}/content/{type}} in {@code compression/content-responses.jsonl}
 * (four businesses, every content type, 0.8 to 1.1 KB each, written by the backend's
 * {@code ContentSampleWriter} from the built-in generator), one response at a time as the HTTP
 * layer compresses them, at several levels of each coding:
 *
 * <ul>
 * <li>{@code compression}: {@link Compression#compress} configured with the coding and level, as
 * the response filter calls it (one encoder set-up per response);</li>
 * <li>{@code rawLibrary}: the library at its most direct, with the reusable state it offers kept
 * across responses - a reset JDK {@link Deflater} with the gzip header and trailer written by hand,
 * one {@link ZstdCompressCtx}, brotli4j's {@code Encoder.compress} (it keeps no state).</li>
 * </ul>
 *
 * The score is responses per millisecond. The secondary results {@code identityBytes} and
 * {@code compressedBytes} count the bytes in and out; the report's size column is their quotient
 * (compressed bytes / identity bytes), which the trial's end also prints.
 *
 * Run: {@code java -jar benchmarks/target/benchmarks.jar CompressionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CompressionBenchmark {

    /** The content responses compressed by one invocation. */
    static final int RESPONSES = 12;

    /** Coding and level: the default of each coding (br 5, zstd 3, gzip 6) and the ends of its range. */
    @Param({"br-1", "br-4", "br-5", "br-6", "br-11", "zstd-1", "zstd-3", "zstd-9", "zstd-19", "gzip-1", "gzip-6",
        "gzip-9"})
    public String coding;

    private byte[][] bodies;
    private ContentCoding contentCoding;
    private Compression compression;
    private RawEncoder raw;
    private long identityTotal;

    @Setup(Level.Trial)
    public void setUp() {
        bodies = contentResponses();
        String[] parts = coding.split("-");
        contentCoding = ContentCoding.fromToken(parts[0]);
        int level = Integer.parseInt(parts[1]);
        Compression.Builder builder = Compression.builder().codings(List.of(contentCoding));
        compression = switch (contentCoding) {
            case BROTLI -> builder.brotliQuality(level).build();
            case ZSTD -> builder.zstdLevel(level).build();
            case GZIP -> builder.gzipLevel(level).build();
            case IDENTITY -> throw new IllegalArgumentException("identity is not a compression, was " + coding);
        };
        if (!compression.codings().contains(contentCoding)) {
            throw new IllegalStateException(coding + ": the native library does not load on this platform");
        }
        raw = rawEncoder(contentCoding, level);
        for (byte[] body : bodies) {
            identityTotal += body.length;
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        long ours = 0;
        long library = 0;
        for (byte[] body : bodies) {
            ours += compression.compress(contentCoding, body).length;
            library += raw.compress(body).length;
        }
        System.out.printf("%n%s: identity %d bytes, compression %d bytes (%.1f%%), rawLibrary %d bytes (%.1f%%)%n",
                coding, identityTotal, ours, 100.0 * ours / identityTotal, library, 100.0 * library / identityTotal);
        raw.close();
    }

    @Benchmark
    @OperationsPerInvocation(RESPONSES)
    public void compression(Sizes sizes, Blackhole blackhole) {
        for (byte[] body : bodies) {
            byte[] compressed = compression.compress(contentCoding, body);
            sizes.add(body.length, compressed.length);
            blackhole.consume(compressed);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RESPONSES)
    public void rawLibrary(Sizes sizes, Blackhole blackhole) {
        for (byte[] body : bodies) {
            byte[] compressed = raw.compress(body);
            sizes.add(body.length, compressed.length);
            blackhole.consume(compressed);
        }
    }

    /** Bytes in and out during an iteration; their quotient is the compressed size relative to identity. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Sizes {

        public long identityBytes;
        public long compressedBytes;

        @Setup(Level.Iteration)
        public void clear() {
            identityBytes = 0;
            compressedBytes = 0;
        }

        void add(int identity, int compressed) {
            identityBytes += identity;
            compressedBytes += compressed;
        }
    }

    static byte[][] contentResponses() {
        String text;
        try (InputStream in = CompressionBenchmark.class.getResourceAsStream("/compression/content-responses.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("compression/content-responses.jsonl is not on the class path");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[][] bodies = text.lines().filter(line -> !line.isBlank())
                .map(line -> line.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        if (bodies.length != RESPONSES) {
            throw new IllegalStateException("expected " + RESPONSES + " content responses, found " + bodies.length);
        }
        return bodies;
    }

    /** The library's own encoder for {@code coding} at {@code level}. */
    static RawEncoder rawEncoder(ContentCoding coding, int level) {
        return switch (coding) {
            case BROTLI -> new RawBrotli(level);
            case ZSTD -> new RawZstd(level);
            case GZIP -> new RawGzip(level);
            case IDENTITY -> throw new IllegalArgumentException("identity has no encoder");
        };
    }

    interface RawEncoder extends AutoCloseable {

        byte[] compress(byte[] body);

        @Override
        default void close() {
        }
    }

    private static final class RawBrotli implements RawEncoder {

        private final Encoder.Parameters parameters;

        RawBrotli(int quality) {
            parameters = new Encoder.Parameters().setQuality(quality);
        }

        @Override
        public byte[] compress(byte[] body) {
            try {
                return Encoder.compress(body, parameters);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class RawZstd implements RawEncoder {

        private final ZstdCompressCtx context = new ZstdCompressCtx();

        RawZstd(int level) {
            context.setLevel(level);
        }

        @Override
        public byte[] compress(byte[] body) {
            return context.compress(body);
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** RFC 1952 framing around one reused raw-deflate {@link Deflater}. */
    private static final class RawGzip implements RawEncoder {

        private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

        private final Deflater deflater;
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[8192];

        RawGzip(int level) {
            deflater = new Deflater(level, true);
        }

        @Override
        public byte[] compress(byte[] body) {
            deflater.reset();
            crc.reset();
            crc.update(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
            out.writeBytes(HEADER);
            deflater.setInput(body);
            deflater.finish();
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            writeIntLe(out, (int) crc.getValue());
            writeIntLe(out, body.length);
            return out.toByteArray();
        }

        private static void writeIntLe(ByteArrayOutputStream out, int value) {
            out.write(value);
            out.write(value >>> 8);
            out.write(value >>> 16);
            out.write(value >>> 24);
        }

        @Override
        public void close() {
            deflater.end();
        }
    }
}
