package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A value stored again under a second key right after its load (a longer-lived last good copy, say)
 * is serialized once for both entries: each entry still has its own header (expiry, tags).
 */
class EncodeOnceTest {

    private static final AtomicInteger SERIALIZED = new AtomicInteger();
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final List<EntityTag> TAGS = List.of(EntityTag.of("business", 7));

    /** Counts how often Jackson reads its text to serialize it. */
    public record Counted(String text) {

        @Override
        public String text() {
            SERIALIZED.incrementAndGet();
            return text;
        }
    }

    private final TieredCacheManager cache = TieredCacheManager.builder().ttlJitter(0).build();

    @AfterEach
    void close() {
        cache.close();
    }

    @Test
    void aRecordFilledUnderASecondKeyRightAfterItsLoadIsSerializedOnce() {
        SERIALIZED.set(0);
        Counted loaded = cache.getOrSet("content:7:daily", Counted.class, TTL, TAGS, () -> new Counted("Moon trine Venus"));

        cache.fill("content-last-good:7:daily", loaded, TTL.multipliedBy(2), TAGS);

        assertThat(SERIALIZED).hasValue(1);
        assertThat(cache.get("content-last-good:7:daily", Counted.class)).containsSame(loaded);
    }

    @Test
    void anEqualButOtherInstanceIsSerializedAgain() {
        SERIALIZED.set(0);
        cache.getOrSet("content:8:daily", Counted.class, TTL, TAGS, () -> new Counted("Mars square Saturn"));

        cache.fill("content-last-good:8:daily", new Counted("Mars square Saturn"), TTL, TAGS);

        assertThat(SERIALIZED).hasValue(2);
    }
}
