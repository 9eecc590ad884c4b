package com.corpastro.backend.content;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.corpastro.performance.db.DatabaseOptimizer;
import com.corpastro.performance.error.AppError;

/**
 * The daily quota of newly generated content per user ({@code corp-astro.content.generation-quota}):
 * a count per user and UTC day in the database, taken before the generator runs and given back
 * when the generation or its save fails, so only content actually written counts. Content read
 * from the cache or the database costs nothing.
 *
 * <p>The count lives in the database rather than in rate-limit buckets: the database is shared by
 * every node whether or not Redis is configured, the count is exact (a conditional
 * {@code UPDATE ... WHERE generated_count < quota}) where shared buckets may let each node admit a
 * little too much, it survives a restart, it can be given back, and a day is a calendar day rather
 * than a bucket refilling one token every 86 s. It costs one short statement per generation,
 * which writes a row anyway; reads never touch it.
 */
@Component
class GenerationQuota {

    private static final Logger log = LoggerFactory.getLogger(GenerationQuota.class);

    private final JdbcClient jdbc;
    private final DatabaseOptimizer database;
    private final ContentProperties properties;
    private final Clock clock;

    GenerationQuota(JdbcClient jdbc, DatabaseOptimizer database, ContentProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.database = database;
        this.properties = properties;
        this.clock = clock;
    }

    /** {@code count} generations counted for {@code userId} on the UTC {@code day}; {@link #NOTHING} when the quota is off. */
    record Taken(long userId, LocalDate day, int count) {

        static final Taken NOTHING = new Taken(0, null, 0);
    }

    /**
     * Counts one generation for {@code userId} today (UTC).
     *
     * @throws AppError 429 {@code generation_quota_exceeded} with {@code Retry-After} (seconds to
     *                  the next UTC midnight) when today's quota is used up
     */
    Taken take(long userId) {
        return take(userId, 1);
    }

    /**
     * Counts {@code count} generations for {@code userId} today (UTC), all or none: one statement
     * (two on the user's first generation of the day) however many, for a batch of generations.
     *
     * @throws AppError 429 {@code generation_quota_exceeded} when fewer than {@code count} are left today
     */
    Taken take(long userId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        int quota = properties.getGenerationQuota();
        if (quota == 0) {
            return Taken.NOTHING;
        }
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        boolean counted = count <= quota
                && database.executeInTransaction(connection -> increment(userId, today, quota, count));
        if (!counted) {
            throw exceeded(now);
        }
        return new Taken(userId, today, count);
    }

    /** Today (UTC) and the quota, for a count taken by the caller's own statement; {@link Taken#NOTHING}'s day when off. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * 429 {@code generation_quota_exceeded} with {@code Retry-After} (seconds to the next UTC midnight),
     * for today's quota used up at {@code now}.
     */
    AppError exceeded(Instant now) {
        int quota = properties.getGenerationQuota();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Duration untilTomorrow = Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        long retryAfter = Math.max(1, (untilTomorrow.toMillis() + 999) / 1000);
        // Logged once, as every client error is, by the problem details handler.
        return new AppError(HttpStatus.TOO_MANY_REQUESTS, "generation_quota_exceeded",
                "The business owner's daily quota of " + quota + " newly generated content items is used up;"
                        + " content already generated is still served. The quota renews at midnight UTC, in "
                        + retryAfter + " s.",
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)));
    }

    /** Undoes {@code taken} after the generation failed; a failure to do so is logged, not thrown. */
    void giveBack(Taken taken) {
        if (taken.day() == null) {
            return;
        }
        try {
            database.executeInTransaction(connection -> jdbc.sql("""
                    UPDATE generation_quota SET generated_count = generated_count - ?
                    WHERE user_id = ? AND quota_day = ? AND generated_count >= ?""")
                    .params(taken.count(), taken.userId(), taken.day(), taken.count()).update());
        } catch (RuntimeException e) {
            log.warn("event=generation_quota_give_back_failed userId={} day={} error={}", taken.userId(), taken.day(),
                    e.getClass().getSimpleName());
        }
    }

    /** Deletes at most {@code limit} counts of days before {@code day}; returns how many. */
    int deleteDaysBefore(LocalDate day, int limit) {
        return jdbc.sql("""
                DELETE FROM generation_quota WHERE (user_id, quota_day) IN
                    (SELECT user_id, quota_day FROM generation_quota WHERE quota_day < ? LIMIT ?)""")
                .params(day, limit).update();
    }

    /** Adds {@code count} to the day's count unless that would pass {@code quota}; whether it did. */
    private boolean increment(long userId, LocalDate day, int quota, int count) {
        if (incrementExisting(userId, day, quota, count)) {
            return true;
        }
        // The first generation of the day; ON CONFLICT, not a caught duplicate key, which would abort
        // the transaction on PostgreSQL.
        int inserted = jdbc.sql("""
                INSERT INTO generation_quota (user_id, quota_day, generated_count) VALUES (?, ?, ?)
                ON CONFLICT DO NOTHING""").params(userId, day, count).update();
        // Nothing inserted: another generation created the row between the two statements.
        return inserted == 1 || incrementExisting(userId, day, quota, count);
    }

    private boolean incrementExisting(long userId, LocalDate day, int quota, int count) {
        return jdbc.sql("""
                UPDATE generation_quota SET generated_count = generated_count + ?
                WHERE user_id = ? AND quota_day = ? AND generated_count <= ?""")
                .params(count, userId, day, quota - count).update() == 1;
    }
}
