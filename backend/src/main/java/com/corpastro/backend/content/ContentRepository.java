package com.corpastro.backend.content;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ContentRepository {

    private final JdbcClient jdbc;

    ContentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored content for the key, if it has not expired at {@code now}. */
    Optional<Content> findUnexpired(long userId, long businessId, ContentType type, LocalDate period, Instant now) {
        return jdbc.sql("""
                SELECT user_id, business_id, content_type, period_start, body, business_revision, generated_at, expires_at,
                       source
                FROM content
                WHERE user_id = ? AND business_id = ? AND content_type = ? AND period_start = ? AND expires_at > ?""")
                .params(userId, businessId, type.key(), period, utc(now))
                .query(ContentRepository::map).optional();
    }

    /** Stores {@code content}, replacing an older text for the same key (expired, or from an older chart). */
    void save(Content content) {
        if (update(content) == 0) {
            try {
                jdbc.sql("""
                        INSERT INTO content (user_id, business_id, content_type, period_start, body, business_revision,
                                             generated_at, expires_at, source)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(content.userId(), content.businessId(), content.contentType(), content.period(),
                                content.body(), content.businessRevision(), utc(content.generatedAt()),
                                utc(content.expiresAt()), content.source().key())
                        .update();
            } catch (DuplicateKeyException e) {
                // Another node stored the same key between our update and insert; ours is equally valid.
                update(content);
            }
        }
    }

    int deleteExpired(Instant now) {
        return jdbc.sql("DELETE FROM content WHERE expires_at <= ?").param(utc(now)).update();
    }

    private int update(Content content) {
        return jdbc.sql("""
                UPDATE content SET body = ?, business_revision = ?, generated_at = ?, expires_at = ?, source = ?
                WHERE user_id = ? AND business_id = ? AND content_type = ? AND period_start = ?""")
                .params(content.body(), content.businessRevision(), utc(content.generatedAt()), utc(content.expiresAt()),
                        content.source().key(), content.userId(), content.businessId(), content.contentType(), content.period())
                .update();
    }

    private static Content map(ResultSet rs, int row) throws SQLException {
        return new Content(rs.getLong("user_id"), rs.getLong("business_id"), rs.getString("content_type"),
                rs.getObject("period_start", LocalDate.class), rs.getString("body"), rs.getInt("business_revision"),
                rs.getObject("generated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                ContentSource.fromKey(rs.getString("source")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
