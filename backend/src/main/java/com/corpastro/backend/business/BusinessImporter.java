package com.corpastro.backend.business;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.db.BulkOptions;
import com.corpastro.performance.db.BulkResult;
import com.corpastro.performance.db.DatabaseOptimizer;

import tools.jackson.databind.json.JsonMapper;

/**
 * Imports businesses in bulk: {@link ImportRows} checks every row while reading it, and one bad
 * row rejects the whole request with its row number before anything is written; then every owner
 * is checked, and all rows go in with one {@link DatabaseOptimizer#bulkInsert} (COPY on
 * PostgreSQL), skipping external ids already present.
 */
@Service
class BusinessImporter {

    private static final Logger log = LoggerFactory.getLogger(BusinessImporter.class);

    private final DatabaseOptimizer database;
    private final JdbcClient jdbc;
    private final NatalCharts charts;
    private final JsonMapper json;
    private final Clock clock;
    private final CacheManager cache;
    private final ApplicationEventPublisher events;

    BusinessImporter(DatabaseOptimizer database, JdbcClient jdbc, NatalCharts charts, JsonMapper json, Clock clock,
            CacheManager cache, ApplicationEventPublisher events) {
        this.events = events;
        this.database = database;
        this.cache = cache;
        this.jdbc = jdbc;
        this.charts = charts;
        this.json = json;
        this.clock = clock;
    }

    /** The columns of one new business, named as {@code bulkInsert} maps components to columns. */
    private record NewBusiness(String externalId, long ownerId, String name, OffsetDateTime foundedAt,
            double latitude, double longitude, String natalChart, int revision, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
    }

    BulkResult importRows(List<ImportRow> rows) {
        Set<Long> owners = requireOwnersExist(rows);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        // Each business's chart is computed as the insert reads its row, not held for all rows at once.
        List<NewBusiness> businesses = new AbstractList<>() {
            @Override
            public NewBusiness get(int index) {
                ImportRow row = rows.get(index);
                return new NewBusiness(row.externalId(), row.ownerId(), row.name(),
                        row.foundedAt().atOffset(ZoneOffset.UTC), row.latitude(), row.longitude(),
                        json.writeValueAsString(charts.of(row.foundedAt())), 1, now, now);
            }

            @Override
            public int size() {
                return rows.size();
            }
        };
        BulkResult result = database.bulkInsert("businesses", businesses,
                BulkOptions.defaults().ignoringDuplicates("external_id"));
        log.info("event=businesses_imported rows={} inserted={} skipped={} owners={}", rows.size(), result.inserted(),
                result.skipped(), owners.size());
        if (result.inserted() > 0) {
            // Every owner's cached list of businesses may now miss some (once per owner, not per row).
            owners.forEach(owner -> cache.invalidateEntity(BusinessService.LIST_ENTITY, owner));
            announceCreated(rows, now);
        }
        return result;
    }

    /**
     * One {@link BusinessChanged} per business this import created (rows skipped as duplicates
     * were not changed): the rows' external ids written at this import's instant (compared from
     * the millisecond before it: databases keep microseconds or less of the clock's nanoseconds).
     */
    private void announceCreated(List<ImportRow> rows, OffsetDateTime now) {
        List<String> externalIds = rows.stream().map(ImportRow::externalId).toList();
        for (int from = 0; from < externalIds.size(); from += 1_000) {
            jdbc.sql("SELECT id, owner_id FROM businesses WHERE external_id IN (:ids) AND created_at >= :since")
                    .param("ids", externalIds.subList(from, Math.min(externalIds.size(), from + 1_000)))
                    .param("since", now.truncatedTo(ChronoUnit.MILLIS).minus(1, ChronoUnit.MILLIS))
                    .query((row, n) -> new BusinessChanged(row.getLong(1), row.getLong(2), 1, List.of("created")))
                    .list().forEach(events::publishEvent);
        }
    }

    /** The owners of {@code rows}; 400 naming the first row whose owner is no user. */
    private Set<Long> requireOwnersExist(List<ImportRow> rows) {
        Set<Long> wanted = new HashSet<>();
        rows.forEach(r -> wanted.add(r.ownerId()));
        Set<Long> known = new HashSet<>();
        List<Long> ids = new ArrayList<>(wanted);
        for (int from = 0; from < ids.size(); from += 1_000) {
            known.addAll(jdbc.sql("SELECT id FROM users WHERE id IN (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 1_000)))
                    .query(Long.class).list());
        }
        for (int i = 0; i < rows.size(); i++) {
            if (!known.contains(rows.get(i).ownerId())) {
                throw ImportRows.rowError(i + 1, "ownerId " + rows.get(i).ownerId() + " is not a user");
            }
        }
        return wanted;
    }
}
