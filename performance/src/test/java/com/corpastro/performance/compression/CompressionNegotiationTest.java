package com.corpastro.performance.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CompressionNegotiationTest {

    private final Compression compression = Compression.builder().build();

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | identity",
            "'' | identity",
            "gzip | gzip",
            "GZIP;Q=1 | gzip",
            "x-gzip | gzip",
            "gzip, deflate, br, zstd | br",
            "gzip;q=1.0, br;q=0.8 | gzip",
            "zstd;q=0.9, br;q=0.9 | br",
            "* | br",
            "*;q=0.5, br;q=0 | zstd",
            "br;q=0, zstd;q=0, gzip;q=0 | identity",
            "identity | identity",
            "gzip;q=abc | identity",
    })
    void picksTheHighestQValueTiesByServerOrder(String header, String expected) {
        assertThat(compression.negotiate(header).token()).isEqualTo(expected);
    }

    @Test
    void offersOnlyConfiguredCodings() {
        Compression gzipOnly = Compression.builder().codings(List.of(ContentCoding.GZIP)).build();

        assertThat(gzipOnly.negotiate("br, zstd")).isEqualTo(ContentCoding.IDENTITY);
        assertThat(gzipOnly.negotiate("br, gzip;q=0.1")).isEqualTo(ContentCoding.GZIP);
    }

    @ParameterizedTest
    @CsvSource({
            "application/json, true",
            "application/problem+json, true",
            "application/json;charset=UTF-8, true",
            "text/html, true",
            "text/css, true",
            "application/javascript, true",
            "image/svg+xml, true",
            "text/event-stream, false",
            "image/png, false",
            "application/octet-stream, false",
            "not a type, false",
    })
    void compressesOnlyCompressibleTypes(String type, boolean expected) {
        assertThat(compression.isCompressible(type)).isEqualTo(expected);
    }

    @Test
    void builderFailsWithTheBadValue() {
        assertThatThrownBy(() -> Compression.builder().brotliQuality(12)).hasMessage("brotliQuality must be 0..11, was 12");
        assertThatThrownBy(() -> Compression.builder().unstoredBrotliQuality(-1))
                .hasMessage("unstoredBrotliQuality must be 0..11, was -1");
        assertThatThrownBy(() -> Compression.builder().zstdLevel(0)).hasMessage("zstdLevel must be 1..22, was 0");
        assertThatThrownBy(() -> Compression.builder().gzipLevel(10)).hasMessage("gzipLevel must be 1..9, was 10");
        assertThatThrownBy(() -> Compression.builder().minSize(-3)).hasMessageContaining("was -3");
        assertThatThrownBy(() -> ContentCoding.fromToken("lzma")).hasMessageContaining("was 'lzma'");
    }

    @Test
    void anAnswerCompressedForOneClientUsesTheUnstoredBrotliQualityAndAStoredOneTheOther() {
        byte[] body = ("{\"body\":\"" + "the Moon trines Venus in the house of partners; ".repeat(80) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Compression quickOnce = Compression.builder().brotliQuality(11).unstoredBrotliQuality(0).build();
        Compression sameQuality = Compression.builder().brotliQuality(11).build();

        byte[] once = quickOnce.compressOnce(ContentCoding.BROTLI, body);
        byte[] kept = quickOnce.compress(ContentCoding.BROTLI, body);

        assertThat(once).isEqualTo(Compression.builder().brotliQuality(0).build().compress(ContentCoding.BROTLI, body));
        assertThat(once).isNotEqualTo(kept);
        assertThat(sameQuality.compressOnce(ContentCoding.BROTLI, body)).isEqualTo(kept);
        assertThat(quickOnce.compressOnce(ContentCoding.GZIP, body)).isEqualTo(quickOnce.compress(ContentCoding.GZIP, body));
    }
}
