package com.corpastro.backend.business;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class BusinessRepository {

    private static final TypeReference<LinkedHashMap<String, ChartPoint>> CHART = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    BusinessRepository(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
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
     * Writes {@code business}'s editable fields and bumps its revision, so content written from
     * the old revision is no longer served.
     */
    Business update(Business business) {
        int version = business.revision() + 1;
        jdbc.sql("""
                UPDATE businesses SET name = ?, founded_at = ?, latitude = ?, longitude = ?, natal_chart = ?,
                                      revision = ?, updated_at = ?
                WHERE id = ?""")
                .params(business.name(), utc(business.foundedAt()), business.latitude(), business.longitude(),
                        json.writeValueAsString(business.natalChart()), version,
                        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), business.id())
                .update();
        return new Business(business.id(), business.ownerId(), business.name(), business.foundedAt(),
                business.latitude(), business.longitude(), business.natalChart(), version);
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
