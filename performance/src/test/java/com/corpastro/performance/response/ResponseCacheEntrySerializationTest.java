package com.corpastro.performance.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.cache.EntityTag;

import tools.jackson.databind.json.JsonMapper;

/** The Redis level of the cache serializes entries with Jackson; a cached response must survive that. */
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
}
