package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestPathsTest {

    @Test
    void canonicalPathsAreReturnedAsTheyAre() {
        String path = "/api/businesses/7/content/daily_horoscope";
        assertThat(RequestPaths.normalize(path)).isSameAs(path);
        assertThat(RequestPaths.normalize("/")).isEqualTo("/");
    }

    @Test
    void pathsAreDecodedAndNormalised() {
        assertThat(RequestPaths.normalize("/actuator;x/%70rometheus/")).isEqualTo("/actuator/prometheus");
        assertThat(RequestPaths.normalize("/x/../actuator/./prometheus")).isEqualTo("/actuator/prometheus");
        assertThat(RequestPaths.normalize("//a///b/")).isEqualTo("/a/b");
        assertThat(RequestPaths.normalize("/../../a")).isEqualTo("/a");
        assertThat(RequestPaths.normalize("/a/%2E%2e/b")).isEqualTo("/b");
        assertThat(RequestPaths.normalize("/a%2Fb%5cc")).isEqualTo("/a/b/c");
        assertThat(RequestPaths.normalize("/a\\..\\b")).isEqualTo("/b");
        assertThat(RequestPaths.normalize("/caf%C3%A9")).isEqualTo("/caf\u00e9");
        assertThat(RequestPaths.normalize("/100%/%zz/%4")).isEqualTo("/100%/%zz/%4");
        assertThat(RequestPaths.normalize("/%252e%252e/x")).as("decoded once").isEqualTo("/%2e%2e/x");
        assertThat(RequestPaths.normalize("/a;b=c;d/e;")).isEqualTo("/a/e");
    }

    @Test
    void theRoutedPathIsWhatSpringMvcMatches() {
        assertThat(RequestPaths.routed("/a;x/%62/").elements()).hasSize(5);
        assertThat(RequestPaths.routed("/a;x=%zz")).isNull();
    }
}
