package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class RedisKeysTest {

    private final RedisKeys keys = new RedisKeys("ca:test");

    @Test
    void safeKeysAreKeptAndShareASlotWithTheirLock() {
        assertThat(text(keys.value("business:7"))).isEqualTo("ca:test:{business:7}v");
        assertThat(text(keys.lock("business:7"))).isEqualTo("ca:test:{business:7}l");
    }

    @Test
    void unsafeCharactersAreEncodedSoNoKeyCollidesOrPicksItsSlot() {
        String encoded = RedisKeys.encode("a}{b c%");
        assertThat(encoded).doesNotContain("{", "}", " ").isEqualTo("a%7d%7bb%20c%25");
        assertThat(RedisKeys.encode("a%7d")).isNotEqualTo(RedisKeys.encode("a}"));
    }

    @Test
    void longKeysAreHashed() {
        String encoded = RedisKeys.encode("k".repeat(1_000));
        assertThat(encoded).startsWith("#").hasSizeLessThan(50);
        assertThat(RedisKeys.encode("k".repeat(1_001))).isNotEqualTo(encoded);
    }

    @Test
    void namespaceMustBeSafe() {
        assertThatThrownBy(() -> new RedisKeys("bad {ns}")).hasMessageContaining("was 'bad {ns}'");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
