package com.corpastro.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One simulation against one mode: its settings from system properties (set by the {@code load}
 * Maven profile), the service it runs against, and the {@link RunRecord} it leaves for the summary.
 *
 * <table>
 * <caption>system properties</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>loadtest.mode</td><td>optimized</td><td>optimized or off</td></tr>
 * <tr><td>loadtest.results</td><td>results</td><td>where run records, service logs and reports go</td></tr>
 * <tr><td>loadtest.backend-jar</td><td>../backend/target/backend-0.1.0-SNAPSHOT.jar</td><td>the service</td></tr>
 * <tr><td>loadtest.users</td><td>48</td><td>concurrent users at the plateau (the ramp climbs from 1)</td></tr>
 * <tr><td>loadtest.ramp</td><td>40s</td><td>how long concurrency climbs to the plateau</td></tr>
 * <tr><td>loadtest.plateau</td><td>40s</td><td>how long each measured phase runs at full concurrency</td></tr>
 * <tr><td>loadtest.businesses</td><td>1000</td><td>the working set</td></tr>
 * <tr><td>loadtest.service-args</td><td>(none)</td><td>more --property=value arguments for the service, space-separated</td></tr>
 * <tr><td>loadtest.service-jvm-args</td><td>-Xms1g -Xmx1g -XX:+UseG1GC</td><td>the service's JVM options (replaced, not
 * added to; the bare app of {@code Ceiling} gets the same), space-separated</td></tr>
 * <tr><td>loadtest.redis</td><td>true</td><td>false: the service runs without Redis ({@code REDIS_URL} unset)</td></tr>
 * </table>
 */
public final class LoadRun {

    private static final Logger log = LoggerFactory.getLogger(LoadRun.class);

    private final String scenario;
    private final String simulation;
    private final Mode mode;
    private final Path results;
    private final int users;
    private final Duration ramp;
    private final Duration plateau;
    private final int businesses;
    private final ServiceUnderTest service;
    private final List<String> jvmOptions;
    private final Measurements measurements = new Measurements();
    private Instant measuredFrom;

    /** Settings from system properties; the service is created (its port chosen) but not started. */
    public LoadRun(String scenario, Class<?> simulation) {
        this(scenario, simulation, List.of());
    }

    /** As above, with service arguments the scenario needs (before those of {@code loadtest.service-args}). */
    public LoadRun(String scenario, Class<?> simulation, List<String> scenarioArguments) {
        this.scenario = scenario;
        this.simulation = simulation.getSimpleName().toLowerCase(java.util.Locale.ROOT);
        this.mode = Mode.of(System.getProperty("loadtest.mode", "optimized"));
        this.results = Path.of(System.getProperty("loadtest.results", "results")).toAbsolutePath();
        this.users = positive("loadtest.users", Integer.getInteger("loadtest.users", 48));
        this.ramp = seconds("loadtest.ramp", "40s");
        this.plateau = seconds("loadtest.plateau", "40s");
        this.businesses = positive("loadtest.businesses", Integer.getInteger("loadtest.businesses", 1000));
        Path jar = Path.of(System.getProperty("loadtest.backend-jar", "../backend/target/backend-0.1.0-SNAPSHOT.jar"));
        this.jvmOptions = words(System.getProperty("loadtest.service-jvm-args", ""));
        this.service = new ServiceUnderTest(mode, jar.toAbsolutePath(),
                results.resolve("logs").resolve(scenario + "-" + mode.key() + "-service.log"),
                java.util.stream.Stream.concat(scenarioArguments.stream(),
                        words(System.getProperty("loadtest.service-args", "")).stream()).toList(),
                jvmOptions.isEmpty() ? ServiceUnderTest.defaultJvmOptions() : jvmOptions,
                Boolean.parseBoolean(System.getProperty("loadtest.redis", "true")));
    }

    /** The JVM options of the service (and of a bare app started beside it). */
    public List<String> jvmOptions() {
        return jvmOptions.isEmpty() ? ServiceUnderTest.defaultJvmOptions() : jvmOptions;
    }

    /** Where this run's records, logs and reports go. */
    public Path results() {
        return results;
    }

    /**
     * The space-separated words of {@code text}; quotes around all of it are dropped (the Gatling plugin hands
     * a value with spaces to the simulation's JVM quoted).
     */
    static List<String> words(String text) {
        String trimmed = text.trim();
        if (trimmed.length() >= 2 && (trimmed.charAt(0) == '"' || trimmed.charAt(0) == '\'')
                && trimmed.charAt(trimmed.length() - 1) == trimmed.charAt(0)) {
            trimmed = trimmed.substring(1, trimmed.length() - 1).trim();
        }
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
    }

    public ServiceUnderTest service() {
        return service;
    }

    /** Where the simulation records its measured requests. */
    public Measurements measurements() {
        return measurements;
    }

    /** A summary row of the requests recorded under {@code label} during one plateau. */
    public RunRecord.Row row(String label, int depth, ServiceUnderTest.ResponseBytes bytes) {
        return RunRecord.Row.of(label, depth, plateau.toMillis() / 1000.0, measurements.stats(label), bytes);
    }

    /** A summary row of the requests recorded under {@code label} over {@code measured}, with more figures. */
    public RunRecord.Row row(String label, Duration measured, Map<String, Double> figures) {
        return RunRecord.Row.of(label, 0, measured.toMillis() / 1000.0, measurements.stats(label), null, figures);
    }

    public Mode mode() {
        return mode;
    }

    public int users() {
        return users;
    }

    public Duration ramp() {
        return ramp;
    }

    public Duration plateau() {
        return plateau;
    }

    /** Starts the service, seeds the working set (one owner per 10 businesses) and generates its content. */
    public void prepare() {
        prepare(businesses, Math.max(1, businesses / 10), s -> s.warmUp(4));
    }

    /** Starts the service, imports {@code count} businesses owned by {@code owners} users, then runs {@code warmUp}. */
    public void prepare(int count, int owners, java.util.function.Consumer<ServiceUnderTest> warmUp) {
        log.info("event=load_run_prepare scenario={} mode={} users={} ramp={} plateau={} businesses={}", scenario,
                mode.key(), users, ramp, plateau, count);
        service.start();
        service.seed(owners, count);
        warmUp.accept(service);
        measuredFrom = Instant.now();
    }

    /**
     * Bytes of a content answer of the working set, for the byte counts of content rows: the mean
     * over the three content types of the first business (the hot reads ask for each equally).
     */
    public ServiceUnderTest.ResponseBytes contentBytes() {
        ServiceUnderTest.Business business = service.businesses().get(0);
        long br = 0;
        long identity = 0;
        java.util.Set<String> encodings = new java.util.TreeSet<>();
        for (String type : ServiceUnderTest.CONTENT_TYPES) {
            ServiceUnderTest.ResponseBytes bytes = service.measureBytes(
                    ServiceUnderTest.contentPath(business.id(), type, ServiceUnderTest.HOT_DATE), business.ownerToken());
            log.info("event=response_bytes mode={} path={} br={} encoding={} identity={}", mode.key(), bytes.path(),
                    bytes.br(), bytes.brEncoding(), bytes.identity());
            br += bytes.br();
            identity += bytes.identity();
            encodings.add(bytes.brEncoding());
        }
        int n = ServiceUnderTest.CONTENT_TYPES.size();
        return new ServiceUnderTest.ResponseBytes("/api/businesses/" + business.id() + "/content/{"
                + String.join(",", ServiceUnderTest.CONTENT_TYPES) + "}?date=" + ServiceUnderTest.HOT_DATE + " (mean)",
                Math.round((double) br / n), String.join("+", encodings), Math.round((double) identity / n));
    }

    public ServiceUnderTest.ResponseBytes pingBytes() {
        return service.measureBytes("/api/system/ping", null);
    }

    /** Writes the run record and stops the service. */
    public void finish(List<RunRecord.Row> rows) {
        try {
            RunRecord record = new RunRecord(scenario, simulation, mode.key(), String.valueOf(measuredFrom), users,
                    rows, RunRecord.Machine.current());
            Path file = results.resolve("runs").resolve(scenario + "-" + mode.key() + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(record));
            log.info("event=load_run_recorded scenario={} mode={} file={}", scenario, mode.key(), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            service.close();
        }
    }

    /** The machine's load average over the last minute ({@code /proc/loadavg}), NaN where there is none. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    /** The system property {@code name} as whole seconds ("40s" or "40"), {@code fallback} if unset. */
    static Duration seconds(String name, String fallback) {
        String value = System.getProperty(name, fallback).trim();
        try {
            long seconds = Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value);
            if (seconds <= 0) {
                throw new IllegalArgumentException(name + " must be > 0 seconds, was " + value);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds such as 40s, was '" + value + "'");
        }
    }
}
