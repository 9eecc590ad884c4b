package com.corpastro.benchmarks.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.corpastro.benchmarks.compression.CompressionBenchmark.RawEncoder;
import com.corpastro.performance.compression.ContentCoding;
import com.github.luben.zstd.Zstd;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark compresses what the service sends, and its raw encoders produce valid streams. */
class CompressionBenchmarkTest {

    private final byte[][] bodies = CompressionBenchmark.contentResponses();

    @Test
    void samplesAreContentResponsesOfEveryTypeWithGeneratedText() {
        JsonMapper json = JsonMapper.builder().build();
        assertThat(bodies.length).isEqualTo(CompressionBenchmark.RESPONSES);
        for (byte[] body : bodies) {
            JsonNode response = json.readTree(body);
            assertThat(response.path("contentType").asString())
                    .isIn("daily_horoscope", "weekly_forecast", "monthly_outlook");
            assertThat(response.path("body").asString()).contains("Advice:").hasSizeGreaterThan(500);
        }
    }

    @Test
    void rawGzipIsAValidGzipStreamOfTheBody() throws IOException {
        for (int level : new int[] {1, 6, 9}) {
            try (RawEncoder encoder = CompressionBenchmark.rawEncoder(ContentCoding.GZIP, level)) {
                for (byte[] body : bodies) {
                    byte[] compressed = encoder.compress(body);
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
                        assertThat(in.readAllBytes()).isEqualTo(body);
                    }
                    assertThat(compressed.length).isLessThan(body.length);
                }
            }
        }
    }

    @Test
    void rawZstdAndBrotliDecodeToTheBody() throws IOException {
        Brotli4jLoader.ensureAvailability();
        byte[] body = bodies[0];
        try (RawEncoder zstd = CompressionBenchmark.rawEncoder(ContentCoding.ZSTD, 19);
                RawEncoder brotli = CompressionBenchmark.rawEncoder(ContentCoding.BROTLI, 11)) {
            assertThat(Zstd.decompress(zstd.compress(body), body.length)).isEqualTo(body);
            assertThat(new String(Decoder.decompress(brotli.compress(body)).getDecompressedData(),
                    StandardCharsets.UTF_8)).isEqualTo(new String(body, StandardCharsets.UTF_8));
        }
    }
}
