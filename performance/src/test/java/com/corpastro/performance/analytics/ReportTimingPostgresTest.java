package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;


import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.monitor.JdbcRollupStore;
import com.corpastro.performance.monitor.internal.Sketches;
import com.corpastro.testing.EmbeddedPostgresServer;
import com.datadoghq.sketch.ddsketch.DDSketch;

/**
 * How long a report over 7 days of minute rollups for 50 routes on 2 nodes (1,008,000 rows in
 * PostgreSQL) takes: over the minute rollups alone; the first time with hourly rollups, which
 * compacts the 336 hours of the period and its baseline; cold on another node, reading the 8,400
 * hourly rows and nothing from memory; and again from memory. All four reports are equal. Logs
 * one {@code event=report_timing} line; the times are reported (README, "Analytics"), not
 * asserted, since they depend on the machine.
 */
class ReportTimingPostgresTest {

    private static final Logger log = LoggerFactory.getLogger(ReportTimingPostgresTest.class);
    private static final int ROUTES = 50;
    private static final int NODES = 2;
    private static final int MINUTES = 7 * 24 * 60;
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void aWeekOfFiftyRoutesOnTwoNodesIsReported() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.createDatabase());
        dataSource.setUser(server.username());
        JdbcRollupStore store = new JdbcRollupStore(dataSource, "timing_rollup", true);
        store.createTableIfNeeded();
        long seeding = System.nanoTime();
        seed(dataSource);
        long seededMs = (System.nanoTime() - seeding) / 1_000_000;

        Instant now = START.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(10));
        Instant end = START.plus(Duration.ofDays(7));
        AnalyticsProperties minutesOnly = new AnalyticsProperties();
        minutesOnly.setHourlyRollups(false);
        long start = System.nanoTime();
        PerformanceReport fromMinutes = new Traffic(now, minutesOnly, store, "timing-node").reports
                .report(START, end, null, null);
        long minutesMs = (System.nanoTime() - start) / 1_000_000;

        JdbcAnalyticsStore hours = new JdbcAnalyticsStore(dataSource, "timing_alert", "timing_report", "timing_hour",
                true);
        start = System.nanoTime();
        PerformanceReport compacting = new Traffic(now, new AnalyticsProperties(), store, "timing-node", hours).reports
                .report(START, end, null, null);
        long compactingMs = (System.nanoTime() - start) / 1_000_000;

        // Another node (or this one restarted): nothing in memory, the hours in the hourly table.
        Traffic coldNode = new Traffic(now, new AnalyticsProperties(), store, "timing-node-2", hours);
        start = System.nanoTime();
        PerformanceReport cold = coldNode.reports.report(START, end, null, null);
        long coldMs = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        PerformanceReport again = coldNode.reports.report(START, end, null, null);
        long warmMs = (System.nanoTime() - start) / 1_000_000;

        log.info("event=report_timing rows={} routes={} nodes={} days=7 seed_ms={} minute_rollups_report_ms={}"
                + " compacting_report_ms={} cold_report_from_hours_ms={} report_from_memory_ms={}",
                (long) ROUTES * NODES * MINUTES, ROUTES, NODES, seededMs, minutesMs, compactingMs, coldMs, warmMs);
        assertThat(fromMinutes.routes()).hasSize(ROUTES);
        assertThat(fromMinutes.totals().requests()).isEqualTo((long) ROUTES * NODES * MINUTES * 10);
        assertThat(compacting).isEqualTo(fromMinutes);
        assertThat(cold).isEqualTo(fromMinutes);
        assertThat(again).isEqualTo(fromMinutes);
    }

    /** Writes the rollups with COPY: ten requests a minute per route and node, each route at its own speed. */
    private static void seed(PGSimpleDataSource dataSource) throws Exception {
        HexFormat hex = HexFormat.of();
        String[] sketches = new String[ROUTES];
        for (int r = 0; r < ROUTES; r++) {
            DDSketch sketch = Sketches.create();
            for (int i = 0; i < 10; i++) {
                sketch.accept(5 + r + i);
            }
            sketches[r] = "\\\\x" + hex.formatHex(Sketches.encode(sketch));
        }
        try (Connection connection = dataSource.getConnection()) {
            PGConnection pg = connection.unwrap(PGConnection.class);
            for (int node = 0; node < NODES; node++) {
                for (int day = 0; day < 7; day++) {
                    StringBuilder rows = new StringBuilder(ROUTES * 1440 * 120);
                    for (int minute = day * 1440; minute < (day + 1) * 1440; minute++) {
                        long start = START.toEpochMilli() + minute * 60_000L;
                        for (int r = 0; r < ROUTES; r++) {
                            rows.append("node-").append(node).append("\tRESPONSE_TIME\tpath=/api/route-").append(r)
                                    .append("/{id}\\,method=GET\\,status=200\t").append(start).append("\t10\t")
                                    .append(10 * (9.5 + r)).append('\t').append(5 + r).append('\t').append(14 + r)
                                    .append('\t').append(sketches[r]).append('\n');
                        }
                    }
                    try (Reader reader = new StringReader(rows.toString())) {
                        pg.getCopyAPI().copyIn("COPY timing_rollup (node_id, metric_type, series, minute_start,"
                                + " sample_count, value_sum, value_min, value_max, sketch) FROM STDIN", reader);
                    }
                }
            }
        }
    }

}
