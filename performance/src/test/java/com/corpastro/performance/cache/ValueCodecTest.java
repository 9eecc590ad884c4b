package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonFormat;

import tools.jackson.dataformat.smile.SmileMapper;

class ValueCodecTest {

    private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());
    private final EntityTag[] tags = {EntityTag.of("business", 7), EntityTag.of("user", "a|b")};
    private final long[] generations = {42, -7};

    record Renamed(long id, String title) {
    }

    record Times(Instant at, LocalDate day, OffsetDateTime local, Duration ttl) {
    }

    @Test
    void recordRoundTripsWithItsTagsGenerationsAndExpiry() {
        Business business = Business.named(7, "Orion");
        ValueCodec.Decoded decoded = codec.decode(codec.encode(business, tags, generations, 1, 123_456), Business.class);

        assertThat(decoded.readable()).isTrue();
        assertThat(decoded.value()).isEqualTo(business);
        assertThat(decoded.tags()).containsExactly(tags);
        assertThat(decoded.generations()).containsExactly(generations);
        assertThat(decoded.expiresAtMillis()).isEqualTo(123_456);
    }

    record Blob(byte[] bytes) {
    }

    @Test
    void bytesAreStoredAsTheyAreAndEntriesWithBytesInSevenBitFormStillDecode() {
        byte[] bytes = new byte[4_000];
        new java.util.Random(7).nextBytes(bytes);
        Blob blob = new Blob(bytes);
        byte[] entry = codec.encode(blob, tags, generations, 1, 1);
        assertThat(entry.length).as("4,000 bytes and a header, not 4,572 in 7-bit form").isLessThan(4_200);
        assertThat(((Blob) codec.decode(entry, Blob.class).value()).bytes()).isEqualTo(bytes);

        byte[] sevenBit = SmileMapper.builder().build().writeValueAsBytes(blob);
        int payload = entry.length - SmileMapper.builder().disable(tools.jackson.dataformat.smile.SmileWriteFeature
                .ENCODE_BINARY_AS_7BIT).build().writeValueAsBytes(blob).length;
        byte[] old = java.util.Arrays.copyOf(entry, payload + sevenBit.length);
        System.arraycopy(sevenBit, 0, old, payload, sevenBit.length);
        assertThat(old.length).isGreaterThan(4_500);
        assertThat(((Blob) codec.decode(old, Blob.class).value()).bytes()).isEqualTo(bytes);
    }

    @Test
    void datesAndTimesRoundTripToTheNanosecond() {
        Times times = new Times(Instant.parse("2026-11-26T04:05:06.123456789Z"), LocalDate.of(1950, 1, 31),
                OffsetDateTime.parse("2001-02-03T04:05:06.7+05:30"), Duration.ofMillis(1500));
        assertThat(codec.decode(codec.encode(times, tags, generations, 1, 1), Times.class).value()).isEqualTo(times);
    }

    @Test
    void entriesWithDatesAsTextFromBeforeTimestampsStillDecode() {
        Times times = new Times(Instant.parse("2026-11-26T04:05:06.123456789Z"), LocalDate.of(1950, 1, 31),
                OffsetDateTime.parse("2001-02-03T04:05:06.7+05:30"), Duration.ofMillis(1500));
        byte[] current = codec.encode(times, tags, generations, 1, 1);
        int payload = current.length - numericPayloadLength(times);
        byte[] asText = SmileMapper.builder().build().writeValueAsBytes(times);
        byte[] old = java.util.Arrays.copyOf(current, payload + asText.length);
        System.arraycopy(asText, 0, old, payload, asText.length);

        assertThat(codec.decode(old, Times.class).value()).isEqualTo(times);
    }

    private static int numericPayloadLength(Object value) {
        return SmileMapper.builder()
                .withConfigOverride(Instant.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.NUMBER)))
                .build().writeValueAsBytes(value).length;
    }

    @Test
    void stringsAndNotFoundRoundTrip() {
        assertThat(codec.decode(codec.encode("héllo", tags, generations, 1, 1), String.class).value()).isEqualTo("héllo");
        assertThat(codec.decode(codec.encode(TieredCacheManager.NOT_FOUND, tags, generations, 1, 1), Business.class).value())
                .isSameAs(TieredCacheManager.NOT_FOUND);
    }

    @Test
    void anyClassOfTheRequestedTypeIsReadBackForObject() {
        Business business = Business.named(7, "Orion");
        assertThat(codec.decode(codec.encode(business, tags, generations, 1, 1), Object.class).value()).isEqualTo(business);
    }

    @Test
    void entriesFromOtherVersionsOrShapesAreUnreadableNotErrors() {
        byte[] business = codec.encode(Business.named(7, "Orion"), tags, generations, 1, 1);

        assertThat(codec.decode("written by version 0".getBytes(StandardCharsets.UTF_8), Business.class).readable()).isFalse();
        byte[] newerFormat = business.clone();
        newerFormat[1] = 2;
        assertThat(codec.decode(newerFormat, Business.class).readable()).isFalse();
        assertThat(codec.decode(business, Renamed.class).readable()).isFalse();
        byte[] truncated = java.util.Arrays.copyOf(business, business.length - 5);
        assertThat(codec.decode(truncated, Business.class).readable()).isFalse();
        assertThat(ValueCodec.fingerprint(Business.class)).isNotEqualTo(ValueCodec.fingerprint(Renamed.class));
    }
}
