package com.corpastro.performance.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.cache.EntityTag;

class EdgeKeysTest {

    @Test
    void aTagsKeyHasNoColonForAkamaiAndOnlyPlainCharacters() {
        assertThat(EdgeKeys.key(EntityTag.of("template", "daily_horoscope_template")))
                .isEqualTo("template-daily_horoscope_template");
        assertThat(EdgeKeys.key(EntityTag.of("business", 42))).isEqualTo("business-42");
        assertThat(EdgeKeys.key(new EntityTag("spring cache", "a b,c:d\"é"))).isEqualTo("spring_cache-a_b_c_d__");
    }

    @Test
    void aLongKeyIsCutTo128CharactersWithAHashThatKeepsLongKeysApart() {
        String a = EdgeKeys.key(EntityTag.of("t", "x".repeat(300) + "a"));
        String b = EdgeKeys.key(EntityTag.of("t", "x".repeat(300) + "b"));

        assertThat(a).hasSize(EdgeKeys.MAX_KEY_LENGTH).isNotEqualTo(b);
        assertThat(b).hasSize(EdgeKeys.MAX_KEY_LENGTH);
    }

    @Test
    void keysAreDistinctAndInOrder() {
        assertThat(EdgeKeys.keys(List.of(EntityTag.of("b", 1), EntityTag.of("a", 2), EntityTag.of("b", 1))))
                .containsExactly("b-1", "a-2");
    }

    @Test
    void onlyPublicCacheControlIsShared() {
        assertThat(EdgeKeys.isShared("public, max-age=300")).isTrue();
        assertThat(EdgeKeys.isShared("PUBLIC")).isTrue();
        assertThat(EdgeKeys.isShared("private, max-age=60")).isFalse();
        assertThat(EdgeKeys.isShared("public, no-store")).isFalse();
        assertThat(EdgeKeys.isShared(null)).isFalse();
    }

    @Test
    void noHeadersIsRefused() {
        assertThatThrownBy(() -> EdgeKeys.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was []");
    }
}
