package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real-time streams (issue 17): a warm-up climbing to the hot-read users over {@code loadtest.ramp}, then hot
 * reads with no stream open; then {@code loadtest.connections}
 * (10,000) connections subscribed to one business, WebSockets or SSE streams
 * ({@code loadtest.transport}, {@code ws} or {@code sse}), opened by {@link StreamFleet} (500 at a
 * time; one refused reconnects after the SSE {@code retry:} hint, as an {@code EventSource} does) and
 * held {@code loadtest.hold-seconds} (60); the service's heap after a full GC with them, against
 * before (heap per idle connection); {@code loadtest.changes} (5) business changes, each timed from
 * the PATCH to every subscriber's {@code business.updated}; then the same hot reads with the
 * connections still open. Figures go to {@code results/realtime-<mode>.json} and the hot-read rows
 * to the summary.
 */
public class Realtime extends Simulation {

    private static final Logger log = LoggerFactory.getLogger(Realtime.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int connections = Integer.getInteger("loadtest.connections", 10_000);
    private final StreamFleet.Transport transport = StreamFleet.Transport.of(System.getProperty("loadtest.transport", "ws"));
    /** The service's reconnect hint (its corp-astro.realtime.retry), which a refused stream waits before trying again. */
    private static final Duration RETRY = Duration.ofSeconds(3);
    /** Attempts per stream: a refused open (e.g. 503 while the database pool is busy) is tried again. */
    private static final int ATTEMPTS = 10;
    /** Room for the streams: Tomcat's 8,192 connections by default, 20 streams per user. */
    private final LoadRun run = new LoadRun("realtime", Realtime.class, List.of(
            "--server.tomcat.max-connections=" + (connections + 2_000),
            "--corp-astro.realtime.max-connections=" + (connections + 1_000),
            "--corp-astro.realtime.max-connections-per-user=" + (connections + 1_000)));
    private final Duration hold = Duration.ofSeconds(Long.getLong("loadtest.hold-seconds", 60));
    private final int changes = Integer.getInteger("loadtest.changes", 5);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private StreamFleet fleet;
    private long heapWithout;

    /** Unmeasured, like HotReads' ramp: the phase without connections must not run on a cold JIT. */
    private final ScenarioBuilder warmUp = scenario("hot reads, warm-up").feed(Requests.hotReads(run))
            .exec(Requests.readContent("content (warm-up)"));
    private final ScenarioBuilder without = scenario("hot reads, no streams").feed(Requests.hotReads(run))
            .exec(Requests.measured(run, Requests.readContent("content"), "hot reads, no streams"));
    private final ScenarioBuilder streams = scenario("streams")
            .exec(session -> {
                openStreams();
                return session;
            }).pause(hold).exec(session -> {
                measureHeldStreams();
                fanOut();
                return session;
            });
    private final ScenarioBuilder with = scenario("hot reads, streams open").feed(Requests.hotReads(run))
            .exec(Requests.measured(run, Requests.readContent("content"), "hot reads, streams open"));

    {
        setUp(warmUp.injectClosed(rampConcurrentUsers(1).to(run.users()).during(run.ramp()))
                .andThen(without.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau()))
                        .andThen(streams.injectOpen(atOnceUsers(1))
                                .andThen(with.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau()))))))
                .protocols(Requests.protocol(run));
    }

    @Override
    public void before() {
        run.prepare();
        heapWithout = heapAfterGc();
        figures.put("connectionsWanted", connections);
        figures.put("heapUsedAfterGcWithoutStreamsBytes", heapWithout);
    }

    private void openStreams() {
        ServiceUnderTest.Business business = run.service().businesses().get(0);
        URI base = URI.create(run.service().baseUrl());
        fleet = transport == StreamFleet.Transport.SSE
                ? StreamFleet.sse(base.getHost(), base.getPort(), "/api/businesses/" + business.id() + "/events",
                        business.ownerToken(), RETRY, ATTEMPTS)
                : StreamFleet.webSocket(base.getHost(), base.getPort(), "/ws", business.ownerToken(), business.id(),
                        RETRY, ATTEMPTS);
        figures.put("transport", transport.name().toLowerCase(java.util.Locale.ROOT));
        long started = System.nanoTime();
        try {
            fleet.open(connections, 500, Duration.ofMinutes(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        figures.put("connectionsOpen", fleet.openStreams());
        figures.put("connectionFailures", fleet.failures());
        figures.put("refusedBeforeOpen", fleet.refusals());
        figures.put("openSeconds", (System.nanoTime() - started) / 1e9);
        log.info("event=streams_open transport={} open={} failures={} refusals={}", transport, fleet.openStreams(),
                fleet.failures(), fleet.refusals());
    }

    private void measureHeldStreams() {
        int open = fleet.openStreams();
        long heapWith = heapAfterGc();
        figures.put("connectionsOpenAfterHold", open);
        figures.put("heldSeconds", hold.toSeconds());
        figures.put("heapUsedAfterGcWithStreamsBytes", heapWith);
        figures.put("heapPerIdleConnectionBytes", open == 0 ? 0 : (heapWith - heapWithout) / open);
    }

    private void fanOut() {
        ServiceUnderTest.Business business = run.service().businesses().get(0);
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (int i = 1; i <= changes; i++) {
            fleet.watch("business.updated");
            int open = fleet.openStreams();
            long sent = System.nanoTime();
            patch(business, "Fan-out " + i);
            long deadline = sent + Duration.ofSeconds(10).toNanos();
            long[] seen = fleet.seen();
            while (Arrays.stream(seen).filter(t -> t > 0).count() < open && System.nanoTime() < deadline) {
                pause(Duration.ofMillis(20));
                seen = fleet.seen();
            }
            double[] millis = Arrays.stream(seen).filter(t -> t > 0).mapToDouble(t -> (t - sent) / 1e6).sorted()
                    .toArray();
            Map<String, Object> round = new LinkedHashMap<>();
            round.put("subscribers", open);
            round.put("received", millis.length);
            round.put("lost", open - millis.length);
            round.put("p50Ms", percentile(millis, 0.50));
            round.put("p99Ms", percentile(millis, 0.99));
            round.put("lastMs", millis.length == 0 ? -1 : millis[millis.length - 1]);
            rounds.add(round);
            log.info("event=fanout round={} {}", i, round);
            // Past the coalescing window, so the next change is an event of its own.
            pause(Duration.ofSeconds(2));
        }
        figures.put("fanOut", rounds);
    }

    @Override
    public void after() {
        try {
            figures.put("hotReadsWithout", run.measurements().stats("hot reads, no streams").requests()
                    / (double) run.plateau().toSeconds());
            figures.put("hotReadsWith", run.measurements().stats("hot reads, streams open").requests()
                    / (double) run.plateau().toSeconds());
            figures.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
            figures.put("serviceHeap", run.service().heap());
            Path file = Path.of(System.getProperty("loadtest.results", "results"), "realtime-" + run.mode().key()
                    + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures));
            log.info("event=realtime_figures file={} figures={}", file, figures);
        } catch (IOException e) {
            log.warn("event=realtime_figures_not_written error=\"{}\"", e.toString());
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
        run.finish(List.of(run.row("hot reads, no streams", 0, null), run.row("hot reads, streams open", 0, null)));
    }

    private void patch(ServiceUnderTest.Business business, String name) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(run.service().baseUrl() + "/api/businesses/"
                + business.id())).method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + business.ownerToken())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PATCH answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The service's heap in use after a full GC (jcmd GC.run, then the actuator's jvm.memory.used of the heap). */
    private long heapAfterGc() {
        try {
            for (int i = 0; i < 2; i++) {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(run.service().pid()), "GC.run").redirectErrorStream(true).start();
                jcmd.getInputStream().readAllBytes();
                jcmd.waitFor();
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(run.service().baseUrl()
                    + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                    .header("Authorization", "Bearer " + run.service().adminToken()).build();
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return (long) JSON.readTree(body).at("/measurements/0/value").asDouble();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
