package com.corpastro.performance.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {

    @Test
    void userInfoBecomesStarsAndTheRestStays() {
        assertThat(UrlCredentials.redact("redis://user:s3cret@host:6379/0")).isEqualTo("redis://***@host:6379/0");
        assertThat(UrlCredentials.redact("rediss://:s3cret@host:6380")).isEqualTo("rediss://***@host:6380");
        assertThat(UrlCredentials.redact("redis://s3cret@host")).isEqualTo("redis://***@host");
        assertThat(UrlCredentials.redact("redis://user:p@ss@word@host:6379/0?timeout=1s"))
                .isEqualTo("redis://***@host:6379/0?timeout=1s");
        assertThat(UrlCredentials.redact("user:s3cret@host:6379")).isEqualTo("***@host:6379");
        assertThat(UrlCredentials.redact("https://api.example.com/v1?mail=a@b.c")).as("an '@' after the host")
                .isEqualTo("https://api.example.com/v1?mail=a@b.c");
    }

    @Test
    void urlsWithoutCredentialsAreUnchanged() {
        for (String url : List.of("redis://host:6379/0", "host:6379", "redis://[::1]:6379", "", "not a url")) {
            assertThat(UrlCredentials.redact(url)).isEqualTo(url);
        }
        assertThat(UrlCredentials.redact((String) null)).isNull();
    }

    @Test
    void collectionsAreRedactedElementByElement() {
        assertThat(UrlCredentials.redact(List.of("redis://a:x@h1:7000", "redis://h2:7001")))
                .isEqualTo("[redis://***@h1:7000, redis://h2:7001]");
    }
}
