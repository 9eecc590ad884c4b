package com.corpastro.backend.content;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A generated text for one user, business, content type and period.
 *
 * @param contentType  the content type's key, e.g. {@code daily_horoscope}
 * @param period       the period's first day
 * @param businessRevision the revision of the business the text was written from
 * @param source       the generator that wrote the text
 * @param sky          the sky the text was written from; null for content stored before it was kept
 *                     (see {@link ContentWriter#sky}, which computes the same from the same inputs)
 */
public record Content(long userId, long businessId, String contentType, LocalDate period, String body,
        int businessRevision, Instant generatedAt, Instant expiresAt, ContentSource source, Sky sky) {

    public Content {
        // Entries cached (in Redis) by a version without the field were all written by the built-in generator.
        source = source == null ? ContentSource.BUILTIN : source;
    }
}
