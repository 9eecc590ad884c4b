package com.corpastro.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

class WrkTest {

    @Test
    void wrksDistributionIsRecordedInWholeMillisecondsWithItsErrors() {
        Measurements measurements = new Measurements();
        long requests = Wrk.record(List.of("requests 100", "errors 2", "900 50", "2500 45", "12000 4", "40999 1"),
                measurements, "row");

        assertThat(requests).isEqualTo(100);
        Measurements.Stats stats = measurements.stats("row");
        assertThat(stats.requests()).isEqualTo(100);
        assertThat(stats.errors()).isEqualTo(2);
        assertThat(stats.p50()).isEqualTo(0);
        assertThat(stats.p95()).isEqualTo(2);
        assertThat(stats.p99()).isEqualTo(12);
    }

    @Test
    void wrkSendsTheGivenRequestsWithTheirHeadersAndItsRunIsRecorded(@TempDir Path work) throws Exception {
        Wrk wrk = Wrk.find(work);
        Assumptions.assumeTrue(wrk != null, "wrk is not installed (apt-get install wrk): skipped");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.start();
        try {
            Measurements measurements = new Measurements();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            long requests = wrk.run(base, List.of(new Wrk.Request("/a?x=1", Map.of("Authorization", "Bearer \"one\"")),
                    new Wrk.Request("/b", Map.of("Authorization", "Bearer two"))), 2, Duration.ofSeconds(1),
                    measurements, "row");

            assertThat(seen).contains("/a?x=1 Bearer \"one\"", "/b Bearer two");
            assertThat(measurements.stats("row").requests()).isEqualTo(requests).isPositive();
            assertThat(measurements.stats("row").errors()).isZero();
            wrk.run(base, List.of(new Wrk.Request("/missing", Map.of())), 1, Duration.ofSeconds(1), measurements, "404");
            assertThat(measurements.stats("404").errors()).isEqualTo(measurements.stats("404").requests());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aWarmUpRecordsNothing() {
        Measurements measurements = new Measurements();
        assertThat(Wrk.record(List.of("requests 3", "errors 0", "1000 3"), measurements, null)).isEqualTo(3);
        assertThat(measurements.stats("row").requests()).isZero();
    }
}
