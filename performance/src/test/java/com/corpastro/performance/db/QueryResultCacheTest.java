package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.cache.TieredCacheManager;

class QueryResultCacheTest {

    private final QueryResultCache cache = new QueryResultCache(TieredCacheManager.builder().build());

    @Test
    void sameStatementAndParametersAreServedFromCache() {
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            cache.getOrLoad("select * from businesses where city = ?", List.of("Pune"), String.class,
                    Duration.ofMinutes(1), () -> "loaded " + loads.incrementAndGet());
        }

        assertThat(loads).hasValue(1);
    }

    @Test
    void keysShareTheFingerprintPartButNotTheExactPart() {
        String pune = cache.key("select * from businesses where city = ?", List.of("Pune"));
        String delhi = cache.key("select * from businesses where city = ?", List.of("Delhi"));
        String literal = cache.key("select * from businesses where  city = 'Pune'", List.of());

        assertThat(pune).startsWith("db:query:").isNotEqualTo(delhi).isNotEqualTo(literal);
        assertThat(pune.split(":")[2]).isEqualTo(delhi.split(":")[2]).isEqualTo(literal.split(":")[2]);
        assertThat(cache.key("select 1", List.of(1))).isNotEqualTo(cache.key("select 1", List.of(1L)));
    }
}
