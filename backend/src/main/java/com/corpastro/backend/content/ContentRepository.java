package com.corpastro.backend.content;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.corpastro.performance.db.DatabaseOptimizer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

@Repository
class ContentRepository {

    private static final Logger log = LoggerFactory.getLogger(ContentRepository.class);

    private static final String INSERT = """
            INSERT INTO content (user_id, business_id, content_type, period_start, body, business_revision,
                                 generated_at, expires_at, source, sky)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING""";

    /**
     * A first generation's quota count and insert in one statement (PostgreSQL: data-modifying CTEs): the
     * owner's count of the day goes up unless it is used up, the row is inserted only if it went up, and the
     * answer says both and whether the day's count row existed (the last sub-select sees the table as the
     * statement began).
     */
    private static final String COUNTED_INSERT = """
            WITH counted AS (
                UPDATE generation_quota SET generated_count = generated_count + 1
                WHERE user_id = ? AND quota_day = ? AND generated_count < ?
                RETURNING 1),
            inserted AS (
                INSERT INTO content (user_id, business_id, content_type, period_start, body, business_revision,
                                     generated_at, expires_at, source, sky)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM counted)
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM counted), (SELECT count(*) FROM inserted),
                   (SELECT count(*) FROM generation_quota WHERE user_id = ? AND quota_day = ?)""";

    private static final String FIND_UNEXPIRED = """
            SELECT user_id, business_id, content_type, period_start, body, business_revision, generated_at, expires_at,
                   source, sky
            FROM content
            WHERE user_id = ? AND business_id = ? AND content_type = ? AND period_start = ? AND expires_at > ?""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;
    private final DatabaseOptimizer database;

    ContentRepository(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json, DatabaseOptimizer database) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
        this.database = database;
    }

    /** What {@link #insertCounted} did. */
    enum Counted {
        /** Counted and inserted: the common first generation. */
        INSERTED,
        /** Counted, but a row for the key was there (expired, or from an older revision): update it. */
        COUNTED_ONLY,
        /** Nothing: the day's quota is used up. */
        QUOTA_USED_UP,
        /** Nothing: the owner has no count for the day yet (first generation of the day), take it the usual way. */
        NO_COUNT_YET
    }

    /**
     * Counts one generation of {@code content}'s owner on {@code day} against {@code quota} and inserts the
     * row, in one statement (PostgreSQL only).
     */
    Counted insertCounted(Content content, LocalDate day, int quota) {
        Object[] insert = insertParameters(content);
        Object[] params = new Object[3 + insert.length + 2];
        params[0] = content.userId();
        params[1] = day;
        params[2] = quota;
        System.arraycopy(insert, 0, params, 3, insert.length);
        params[3 + insert.length] = content.userId();
        params[4 + insert.length] = day;
        long[] answer = database.query(COUNTED_INSERT, (rs, row) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) },
                params).get(0);
        if (answer[0] == 1) {
            return answer[1] == 1 ? Counted.INSERTED : Counted.COUNTED_ONLY;
        }
        return answer[2] == 1 ? Counted.QUOTA_USED_UP : Counted.NO_COUNT_YET;
    }


    /**
     * The unexpired stored content of {@code userId} for each of {@code businessIds}, by business
     * id, in one statement: the batched form of {@link #findUnexpired}.
     */
    Map<Long, Content> findUnexpired(long userId, Collection<Long> businessIds, ContentType type, LocalDate period,
            Instant now) {
        Map<Long, Content> found = new HashMap<>();
        jdbc.sql("""
                SELECT user_id, business_id, content_type, period_start, body, business_revision, generated_at, expires_at,
                       source, sky
                FROM content
                WHERE user_id = :user AND business_id IN (:businesses) AND content_type = :type
                  AND period_start = :period AND expires_at > :now""")
                .param("user", userId).param("businesses", List.copyOf(businessIds)).param("type", type.key())
                .param("period", period).param("now", utc(now))
                .query(this::map).list().forEach(content -> found.put(content.businessId(), content));
        return found;
    }

    /**
     * Stores every item of {@code content} like {@link #save}, the inserts as one JDBC batch: one
     * statement for a batch of first generations, plus one update for each row that existed.
     */
    void saveAll(List<Content> content) {
        int[] inserted = batches.batchUpdate(INSERT, content.stream().map(this::insertParameters).toList());
        for (int i = 0; i < inserted.length; i++) {
            // SUCCESS_NO_INFO (-2) is a driver that could not count: inserted, as far as it knows.
            if (inserted[i] == 0) {
                update(content.get(i));
            }
        }
    }

    private Object[] insertParameters(Content content) {
        return new Object[] { content.userId(), content.businessId(), content.contentType(), content.period(),
                content.body(), content.businessRevision(), utc(content.generatedAt()), utc(content.expiresAt()),
                content.source().key(), sky(content) };
    }

    /**
     * The stored content for the key, if it has not expired at {@code now}: one statement with the
     * optimizer's retries and timeout (one round trip with one-trip statements on PostgreSQL).
     */
    Optional<Content> findUnexpired(long userId, long businessId, ContentType type, LocalDate period, Instant now) {
        return database.query(FIND_UNEXPIRED, this::map, userId, businessId, type.key(), period, utc(now)).stream()
                .findFirst();
    }

    /**
     * Stores {@code content} over any row of the same key written for the same or an older business
     * revision; a row already written for a newer revision (a slower generation that started before the
     * business changed finishing after the one that started after) is kept. The insert comes first: a
     * first generation, the common case, is one statement; a regeneration (expired row, business
     * changed) is two.
     */
    void save(Content content) {
        // ON CONFLICT DO NOTHING rather than catching the duplicate key: on PostgreSQL a failed
        // statement aborts the whole transaction, so nothing could follow it.
        int inserted = jdbc.sql(INSERT).params(insertParameters(content)).update();
        if (inserted == 0) {
            update(content);
        }
    }

    /**
     * Deletes at most {@code limit} rows expired at {@code now}; returns how many. The ids come from
     * the expiry index, so one call locks only the rows it deletes (same SQL on H2 and PostgreSQL).
     */
    int deleteExpired(Instant now, int limit) {
        return jdbc.sql("DELETE FROM content WHERE id IN (SELECT id FROM content WHERE expires_at <= ? LIMIT ?)")
                .params(utc(now), limit).update();
    }

    private int update(Content content) {
        return jdbc.sql("""
                UPDATE content SET body = ?, business_revision = ?, generated_at = ?, expires_at = ?, source = ?, sky = ?
                WHERE user_id = ? AND business_id = ? AND content_type = ? AND period_start = ? AND business_revision <= ?""")
                .params(content.body(), content.businessRevision(), utc(content.generatedAt()), utc(content.expiresAt()),
                        content.source().key(), sky(content), content.userId(), content.businessId(), content.contentType(), content.period(),
                        content.businessRevision())
                .update();
    }

    private Content map(ResultSet rs, int row) throws SQLException {
        return new Content(rs.getLong("user_id"), rs.getLong("business_id"), rs.getString("content_type"),
                rs.getObject("period_start", LocalDate.class), rs.getString("body"), rs.getInt("business_revision"),
                rs.getObject("generated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                ContentSource.fromKey(rs.getString("source")), sky(rs.getString("sky")));
    }

    private String sky(Content content) {
        return content.sky() == null ? null : json.writeValueAsString(content.sky());
    }

    /** Null for rows written before the column, and for one that cannot be read: both are computed again. */
    private Sky sky(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readValue(stored, Sky.class);
        } catch (JacksonException e) {
            log.warn("event=stored_sky_unreadable error=\"{}\"", e.getOriginalMessage());
            return null;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
