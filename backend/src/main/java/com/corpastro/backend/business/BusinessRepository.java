package com.corpastro.backend.business;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import com.corpastro.performance.db.DatabaseOptimizer;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class BusinessRepository {

    private static final TypeReference<LinkedHashMap<String, ChartPoint>> CHART = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final DatabaseOptimizer database;
    private final JsonMapper json;
    private final Clock clock;

    BusinessRepository(JdbcClient jdbc, DatabaseOptimizer database, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.database = database;
        this.json = json;
        this.clock = clock;
    }

    Business insert(long ownerId, String name, Instant foundedAt, double latitude, double longitude,
            Map<String, ChartPoint> chart) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO businesses (owner_id, name, founded_at, latitude, longitude, natal_chart, revision,
                                        created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)""")
                .params(ownerId, name, utc(foundedAt), latitude, longitude, json.writeValueAsString(chart), now, now)
                .update(keys, "id");
        return new Business(keys.getKey().longValue(), ownerId, name, foundedAt, latitude, longitude, chart, 1);
    }

    /**
     * Writes {@code changed}'s editable fields and bumps the revision, if the business is still at
     * {@code expectedRevision}: a compare-and-set, so of two writers that read the same revision
     * only the first wins and the other learns it lost ({@code false}) instead of overwriting it.
     * The new revision retires content written from the old one.
     */
    boolean update(Business changed, int expectedRevision) {
        return jdbc.sql("""
                UPDATE businesses SET name = ?, founded_at = ?, latitude = ?, longitude = ?, natal_chart = ?,
                                      revision = revision + 1, updated_at = ?
                WHERE id = ? AND revision = ?""")
                .params(changed.name(), utc(changed.foundedAt()), changed.latitude(), changed.longitude(),
                        json.writeValueAsString(changed.natalChart()),
                        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), changed.id(), expectedRevision)
                .update() == 1;
    }

    /**
     * Runs {@code work} with the business as it is under its row lock ({@code SELECT ... FOR UPDATE}),
     * in one transaction: no other writer can change it until {@code work} has returned.
     */
    <T> T withRowLock(long id, Function<Optional<Business>, T> work) {
        return database.executeInTransaction(connection -> work.apply(jdbc.sql("""
                SELECT id, owner_id, name, founded_at, latitude, longitude, natal_chart, revision
                FROM businesses WHERE id = ? FOR UPDATE""")
                .param(id).query(this::map).optional()));
    }

    /**
     * Up to {@code limit} businesses of {@code ownerId} with ids above {@code afterId}, in id order:
     * a keyset read of the {@code (owner_id, id)} index, as cheap for the last page as for the first.
     */
    List<Business> findByOwnerAfter(long ownerId, long afterId, int limit) {
        return jdbc.sql("""
                SELECT id, owner_id, name, founded_at, latitude, longitude, natal_chart, revision
                FROM businesses WHERE owner_id = ? AND id > ? ORDER BY id LIMIT ?""")
                .params(ownerId, afterId, limit).query(this::map).list();
    }

    Optional<Business> findById(long id) {
        return jdbc.sql("""
                SELECT id, owner_id, name, founded_at, latitude, longitude, natal_chart, revision
                FROM businesses WHERE id = ?""")
                .param(id).query(this::map).optional();
    }

    private Business map(ResultSet rs, int row) throws SQLException {
        return new Business(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("name"),
                rs.getObject("founded_at", OffsetDateTime.class).toInstant(), rs.getDouble("latitude"),
                rs.getDouble("longitude"), json.readValue(rs.getString("natal_chart"), CHART),
                rs.getInt("revision"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
