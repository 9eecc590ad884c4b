package com.corpastro.backend.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GraphQlPropertiesTest {

    @Test
    void defaultsAreTheProductionLimits() {
        GraphQlProperties properties = new GraphQlProperties();

        assertThat(properties.getMaxDepth()).isEqualTo(10);
        assertThat(properties.getMaxComplexity()).isEqualTo(2_000);
        assertThat(properties.getContentWeight()).isEqualTo(10);
        assertThat(properties.isPublicIntrospection()).isFalse();
        assertThat(properties.getPersistedQueryTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(properties.getMaxQueryLength()).isEqualTo(20_000);
    }

    @Test
    void badValuesFailWithTheValue() {
        GraphQlProperties properties = new GraphQlProperties();

        assertThatThrownBy(() -> properties.setMaxDepth(0)).hasMessage("corp-astro.graphql.max-depth must be >= 1, was 0");
        assertThatThrownBy(() -> properties.setMaxComplexity(-5))
                .hasMessage("corp-astro.graphql.max-complexity must be >= 1, was -5");
        assertThatThrownBy(() -> properties.setContentWeight(0))
                .hasMessage("corp-astro.graphql.content-weight must be >= 1, was 0");
        assertThatThrownBy(() -> properties.setPersistedQueryTtl(Duration.ZERO))
                .hasMessage("corp-astro.graphql.persisted-query-ttl must be > 0, was PT0S");
        assertThatThrownBy(() -> properties.setMaxQueryLength(0))
                .hasMessage("corp-astro.graphql.max-query-length must be >= 1, was 0");
    }
}
