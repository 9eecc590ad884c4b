package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ValueCodecTest {

    private final ValueCodec codec = new ValueCodec(getClass().getClassLoader());
    private final EntityTag[] tags = {EntityTag.of("business", 7), EntityTag.of("user", "a|b")};
    private final long[] generations = {42, -7};

    record Renamed(long id, String title) {
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
