package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** Redis URLs reach logs and error messages without their password. */
class RedisUrlLoggingTest {

    private static final String SECRET = "s3cret-Pa55";

    @Test
    void theL2LogLinesNameTheServerButNotTheCredentials() {
        Logger logger = (Logger) LoggerFactory.getLogger(RedisTier.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (TieredCacheManager cache = TieredCacheManager.builder()
                .redis("redis://admin:" + SECRET + "@127.0.0.1:1/0").commandTimeout(Duration.ofMillis(50)).build()) {
            assertThat(cache.hasRedis()).isTrue();
        } finally {
            logger.detachAppender(appender);
        }
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("redis=[redis://***@127.0.0.1"));
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(SECRET).doesNotContain("admin:"));
    }

    @Test
    void aBadUrlFailsWithoutItsPassword() {
        assertThatThrownBy(() -> TieredCacheManager.builder().redis("redis://admin:" + SECRET + "@ho st:6379/0")
                .build().close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://***@ho st:6379")
                .satisfies(e -> assertThat(String.valueOf(e.getMessage()) + e.getCause()).doesNotContain(SECRET));
    }
}
