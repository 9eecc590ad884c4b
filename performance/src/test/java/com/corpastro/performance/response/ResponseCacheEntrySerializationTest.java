package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TieredCacheManager;

import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis level of the cache serializes entries with Jackson; a cached response must survive that, and
 * the L1 must be charged what the entry keeps, not its serialized form.
 */
class ResponseCacheEntrySerializationTest {

    @Test
    void cachedResponseRoundTripsThroughJackson() {
        CachedResponse entry = new CachedResponse(200, "application/json",
                List.of(new CachedResponse.Header("Cache-Control", "private, max-age=60"),
                        new CachedResponse.Header("Vary", "Authorization, Accept-Encoding")),
                "W/\"abc\"", "/api/businesses/{id}/content/{contentType}",
                List.of(new CachedResponse.Body("identity", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                        new CachedResponse.Body("br", new byte[] { 1, 2, 3, (byte) 0xff })),
                List.of(new CachedResponse.Header("accept-language", "en")), false, true,
                List.of(EntityTag.of("business", 7)), 1_800_000_000_000L);
        JsonMapper mapper = JsonMapper.builder().build();

        CachedResponse read = mapper.readValue(mapper.writeValueAsBytes(entry), CachedResponse.class);

        assertThat(read).usingRecursiveComparison().isEqualTo(entry);
        assertThat(read.body("br")).containsExactly(1, 2, 3, 0xff);
        assertThat(read.tags()).containsExactly(EntityTag.of("business", 7));
    }

    @Test
    void theL1IsChargedAStoredResponsesBodiesOnceNotTwiceTheirSerializedForm() {
        // A content answer as the cost curve reads it: 3,300 bytes of JSON and its br coding.
        try (TieredCacheManager cache = TieredCacheManager.builder().maximumWeight(1024 * 1024).build()) {
            for (int i = 0; i < 400; i++) {
                List<EntityTag> tags = List.of(EntityTag.of("business", i), EntityTag.of("user", i % 10));
                CachedResponse entry = new CachedResponse(200, "application/json",
                        List.of(new CachedResponse.Header("Cache-Control", "private, max-age=60"),
                                new CachedResponse.Header("Vary", "Authorization, Accept-Encoding")),
                        "W/\"0123456789abcdef\"", "/api/businesses/{id}/content/{contentType}",
                        List.of(new CachedResponse.Body("identity", new byte[3_300]),
                                new CachedResponse.Body("br", new byte[1_000])),
                        List.of(), false, true, tags, 1_800_000_000_000L);
                assertThat(entry.retainedBytes()).isBetween(4_300L, 5_400L);
                cache.fill("http-response: /api/businesses/" + i + "/content/daily_horoscope?date=2030-01-01 user=user:"
                        + (i % 10), entry, Duration.ofMinutes(5), tags);
            }
            // 1 MiB over about 5.2 KB an entry (with its key): about 200. Weighed by the Smile form (bodies in
            // 7-bit form) doubled, an entry was charged 11 KB: 94 of them.
            assertThat(cache.stats().size()).isBetween(180L, 220L);
        }
    }
}
