package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The ceiling (issue 23, items 1, 2 and 6): cached content through the service against the bare
 * comparison app ({@link BareEndpoint}) answering the same bytes, in identity, gzip and br, at
 * {@code loadtest.ceiling-users} (64) concurrent users. Every content is first read once in every coding,
 * so that no coding is made during a measured round; then both apps are warmed up in every coding, two passes
 * ({@code loadtest.ceiling-warm-up}, 90s in all), and the measured time ({@code loadtest.plateau} per row) is cut into
 * {@code loadtest.rounds} (4) rounds that alternate bare and service in each coding, so that drift of
 * the shared machine hits both. Also the service's memory: RSS and heap after GC idle (working set
 * warmed, no load) and under this load, and the bare app's RSS.
 */
public class Ceiling extends Simulation {

    static final String BARE = "bare, ";
    static final String CACHED = "cached content, ";
    private static final Logger log = LoggerFactory.getLogger(Ceiling.class);
    private static final int WARM_UP_PASSES = 2;

    private final LoadRun run = new LoadRun("ceiling", Ceiling.class);
    private final int users = Integer.getInteger("loadtest.ceiling-users", 64);
    private final int rounds = Integer.getInteger("loadtest.rounds", 4);
    private final BareEndpoint bare = new BareEndpoint(
            Path.of(System.getProperty("loadtest.bare-jar", "target/loadtest-0.1.0-SNAPSHOT-bare.jar")).toAbsolutePath(),
            run.jvmOptions(), run.results().resolve("logs").resolve("ceiling-bare.log"));
    private final Map<String, Double> serviceMemory = new LinkedHashMap<>();
    private final Map<String, Double> bareMemory = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> wire = new LinkedHashMap<>();
    private ProcessMemory.RssSampler serviceRss;
    private ProcessMemory.RssSampler bareRss;
    // Two passes over both apps in every coding: the service has far more code for the JIT to
    // compile than the bare app, and a warm-up of a few seconds measured its compiler, not its path.
    private final Duration warmUp = LoadRun.seconds("loadtest.ceiling-warm-up", "90s")
            .dividedBy(WARM_UP_PASSES * BareEndpoint.CODINGS.size() * 2L);
    private final Duration phase = run.plateau().dividedBy(rounds);
    private final Wrk wrk = client();

    {
        if (users <= 0 || rounds <= 0) {
            throw new IllegalArgumentException("loadtest.ceiling-users and loadtest.rounds must be > 0, were " + users
                    + " and " + rounds);
        }
        if (wrk != null) {
            // Measured by wrk at the end of before(); Gatling sends one ping, since it fails a run without requests.
            setUp(scenario("ceiling measured by wrk").exec(Requests.ping("after wrk")).injectOpen(atOnceUsers(1)))
                    .protocols(Requests.protocol(run));
        } else {
            setUp(Requests.inSequence(gatlingSequence())).protocols(Requests.protocol(run));
        }
    }

    /**
     * {@code loadtest.ceiling-client}: {@code wrk} (required), {@code gatling}, or {@code auto} (the default:
     * wrk when it is installed, else Gatling).
     */
    private Wrk client() {
        String client = System.getProperty("loadtest.ceiling-client", "auto").trim();
        if (!List.of("auto", "wrk", "gatling").contains(client)) {
            throw new IllegalArgumentException("loadtest.ceiling-client must be auto, wrk or gatling, was '" + client + "'");
        }
        Wrk found = client.equals("gatling") ? null : Wrk.find(run.results().resolve("wrk"));
        if (found == null && client.equals("wrk")) {
            throw new IllegalStateException("loadtest.ceiling-client=wrk but wrk does not start (apt-get install wrk)");
        }
        log.info("event=ceiling_client client={}", found != null ? "wrk" : "gatling");
        return found;
    }

    /** One phase of the ceiling: one app in one coding for a while, recorded under {@code row} (null: a warm-up). */
    private record Phase(String name, boolean bare, String coding, Duration duration, String row) {
    }

    /** Both apps in every coding: {@value #WARM_UP_PASSES} warm-up passes, then {@code rounds} measured rounds. */
    private List<Phase> schedule() {
        List<Phase> phases = new ArrayList<>();
        for (int pass = 1; pass <= WARM_UP_PASSES; pass++) {
            for (String coding : BareEndpoint.CODINGS) {
                phases.add(new Phase("warm-up " + pass + ", " + BARE + coding, true, coding, warmUp, null));
                phases.add(new Phase("warm-up " + pass + ", " + CACHED + coding, false, coding, warmUp, null));
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (String coding : BareEndpoint.CODINGS) {
                phases.add(new Phase(BARE + coding + ", round " + round, true, coding, phase, BARE + coding));
                phases.add(new Phase(CACHED + coding + ", round " + round, false, coding, phase, CACHED + coding));
            }
        }
        return phases;
    }

    private List<PopulationBuilder> gatlingSequence() {
        List<PopulationBuilder> sequence = new ArrayList<>();
        boolean measuring = false;
        for (Phase step : schedule()) {
            if (step.row() != null && !measuring) {
                sequence.add(Requests.step("measuring starts", this::startMeasuring));
                measuring = true;
            }
            sequence.add(phase(step.name(), step.bare() ? bareRead(step.coding()) : contentRead(step.coding()),
                    step.row(), step.duration()));
        }
        sequence.add(Requests.step("measuring ends", this::stopMeasuring));
        return sequence;
    }

    /** The same {@link #schedule} as {@link #gatlingSequence}, sent by wrk over the same reads. */
    private void measureWithWrk() {
        URI bareUrl = URI.create(bare.url());
        // The address the service is reached at too, so that name resolution can't differ.
        String bareBase = "http://127.0.0.1:" + bareUrl.getPort();
        Map<String, List<Wrk.Request>> bareReads = new LinkedHashMap<>();
        Map<String, List<Wrk.Request>> contentReads = new LinkedHashMap<>();
        for (String coding : BareEndpoint.CODINGS) {
            bareReads.put(coding, List.of(new Wrk.Request(bareUrl.getRawPath(), Map.of("Accept-Encoding", coding))));
            contentReads.put(coding, run.service().hotReads().stream().map(read -> new Wrk.Request(read.path(),
                    Map.of("Authorization", "Bearer " + read.token(), "Accept-Encoding", coding))).toList());
        }
        boolean measuring = false;
        for (Phase step : schedule()) {
            if (step.row() != null && !measuring) {
                startMeasuring();
                measuring = true;
            }
            long requests = step.bare()
                    ? wrk.run(bareBase, bareReads.get(step.coding()), users, step.duration(), run.measurements(),
                            step.row())
                    : wrk.run(run.service().baseUrl(), contentReads.get(step.coding()), users, step.duration(),
                            run.measurements(), step.row());
            log.info("event=ceiling_phase phase=\"{}\" per_second={}", step.name(),
                    requests / step.duration().toSeconds());
        }
        stopMeasuring();
    }

    private HttpRequestActionBuilder bareRead(String coding) {
        return Requests.bare("bare " + coding, bare.url()).header("Accept-Encoding", coding);
    }

    private HttpRequestActionBuilder contentRead(String coding) {
        return Requests.readContent("cached content " + coding).header("Accept-Encoding", coding);
    }

    /** {@code users} users for {@code duration}, each sending {@code request} once; measured under {@code row} if set. */
    private PopulationBuilder phase(String name, HttpRequestActionBuilder request, String row, Duration duration) {
        ScenarioBuilder reads = scenario(name).feed(Requests.hotReads(run));
        return (row == null ? reads.exec(request) : reads.exec(Requests.measured(run, request, row)))
                .injectClosed(constantConcurrentUsers(users).during(duration));
    }

    @Override
    public void before() {
        run.prepare();
        // The prepare step stored every content in the coding the simulations accept (br); the measured
        // rounds must not make the others.
        run.service().readInCodings(run.service().hotReads(), Integer.getInteger("loadtest.warm-up-threads", 8),
                BareEndpoint.CODINGS.stream().filter(coding -> !coding.equals("identity")).toList());
        Map<String, byte[]> bodies = representativeBodies();
        bare.start(bodies);
        for (String coding : BareEndpoint.CODINGS) {
            ServiceUnderTest.Answer answer = bare.fetch(coding);
            byte[] expected = bodies.get(coding);
            if (answer.status() != 200 || !Arrays.equals(answer.body(), expected)
                    || !answer.contentEncoding().equals(coding)) {
                throw new IllegalStateException("the bare app answers " + coding + " with " + answer.status() + ", "
                        + answer.body().length + " bytes, Content-Encoding " + answer.contentEncoding()
                        + "; the service with " + expected.length + " bytes, " + coding);
            }
        }
        serviceMemory.put("rssIdleBytes", (double) ProcessMemory.rssBytes(run.service().pid()));
        serviceMemory.put("heapAfterGcIdleBytes", (double) run.service().heapUsedAfterGc());
        bareMemory.put("rssIdleBytes", (double) ProcessMemory.rssBytes(bare.pid()));
        if (wrk != null) {
            measureWithWrk();
        }
    }

    /**
     * The service's answer, in each coding, of the content (among the first ten businesses' three
     * types) whose identity size is nearest the mean of them: the working set's typical answer.
     */
    private Map<String, byte[]> representativeBodies() {
        List<ServiceUnderTest.Read> sample = run.service().businesses().stream().limit(10)
                .flatMap(b -> ServiceUnderTest.CONTENT_TYPES.stream().map(type -> new ServiceUnderTest.Read(
                        ServiceUnderTest.contentPath(b.id(), type, ServiceUnderTest.HOT_DATE), b.ownerToken())))
                .toList();
        Map<ServiceUnderTest.Read, Integer> sizes = new LinkedHashMap<>();
        for (ServiceUnderTest.Read read : sample) {
            sizes.put(read, require(run.service().fetch(read.path(), read.token(), "identity"), "identity").body().length);
        }
        double mean = sizes.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
        ServiceUnderTest.Read chosen = sizes.keySet().stream()
                .min(Comparator.comparingDouble(read -> Math.abs(sizes.get(read) - mean))).orElseThrow();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String coding : BareEndpoint.CODINGS) {
            ServiceUnderTest.Answer answer = require(run.service().fetch(chosen.path(), chosen.token(), coding), coding);
            bodies.put(coding, answer.body());
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("wireBytes", (double) answer.body().length);
            figures.put("identityBytesMeanOfSample", mean);
            wire.put(coding, figures);
            log.info("event=ceiling_body coding={} path={} bytes={} identity_mean_of_sample={}", coding, chosen.path(),
                    answer.body().length, Math.round(mean));
        }
        return bodies;
    }

    private static ServiceUnderTest.Answer require(ServiceUnderTest.Answer answer, String coding) {
        if (answer.status() != 200 || !answer.contentEncoding().equals(coding)) {
            throw new IllegalStateException("the service answered Accept-Encoding " + coding + " with "
                    + answer.status() + " and Content-Encoding " + answer.contentEncoding());
        }
        return answer;
    }

    private void startMeasuring() {
        serviceRss = new ProcessMemory.RssSampler(run.service().pid(), Duration.ofMillis(500)).start();
        bareRss = new ProcessMemory.RssSampler(bare.pid(), Duration.ofMillis(500)).start();
    }

    private void stopMeasuring() {
        ProcessMemory.RssFigures service = serviceRss.stop();
        ProcessMemory.RssFigures bareFigures = bareRss.stop();
        serviceMemory.put("rssLoadMaxBytes", (double) service.maxBytes());
        serviceMemory.put("rssLoadMeanBytes", (double) service.meanBytes());
        serviceMemory.put("heapAfterGcLoadBytes", (double) run.service().heapUsedAfterGc());
        bareMemory.put("rssLoadMaxBytes", (double) bareFigures.maxBytes());
        bareMemory.put("rssLoadMeanBytes", (double) bareFigures.meanBytes());
        serviceMemory.put("loadAverage1m", LoadRun.loadAverage());
        bareMemory.put("loadAverage1m", LoadRun.loadAverage());
    }

    @Override
    public void after() {
        try {
            Duration measured = run.plateau().dividedBy(rounds).multipliedBy(rounds);
            List<RunRecord.Row> rows = new ArrayList<>();
            for (String coding : BareEndpoint.CODINGS) {
                Map<String, Double> bareFigures = new LinkedHashMap<>(wire.getOrDefault(coding, Map.of()));
                bareFigures.putAll(bareMemory);
                rows.add(run.row(BARE + coding, measured, bareFigures));
                Map<String, Double> serviceFigures = new LinkedHashMap<>(wire.getOrDefault(coding, Map.of()));
                serviceFigures.putAll(serviceMemory);
                rows.add(run.row(CACHED + coding, measured, serviceFigures));
            }
            run.finish(rows);
        } finally {
            bare.close();
        }
    }
}
