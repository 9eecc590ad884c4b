package com.corpastro.backend.content;

import java.time.LocalDate;

/**
 * Content for a business was generated (or regenerated) and stored: published (as a Spring
 * application event) for the real-time streams.
 *
 * @param contentType the content type's key, e.g. {@code daily_horoscope}
 * @param period      the period's first day
 * @param source      the generator's key ({@code builtin}, {@code external})
 */
public record ContentGenerated(long businessId, long ownerId, String contentType, LocalDate period, String source) {

    static ContentGenerated of(Content content) {
        return new ContentGenerated(content.businessId(), content.userId(), content.contentType(), content.period(),
                content.source().key());
    }
}
