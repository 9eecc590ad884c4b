package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * The cost curve (issue 23, item 5): hot reads over working sets of growing size, with Redis or
 * without ({@code -Dloadtest.redis=false}: {@code REDIS_URL} unset). Imports as many businesses as the
 * largest set has contents (content k is business k's type k mod 3, for the hot date), generates
 * every content of the largest set through the API ({@code loadtest.warm-up-threads} threads, a
 * progress line every 10 s), then for each size of {@code loadtest.working-sets}
 * (1000,10000,100000): {@code loadtest.ramp} of unmeasured reads of that set, then
 * {@code loadtest.plateau} measured, with the cache's L1 and L2 hit rates over the plateau (from
 * the actuator's {@code corp-astro.cache.gets}), the service's highest RSS during it and its heap
 * after a full GC at its end. The response cache keeps answers for {@link #RESPONSE_TTL} here (content
 * answers say {@link #CONTENT_CACHE_CONTROL}, or their {@code max-age} would cut that to 60 s).
 */
public class CostCurve extends Simulation {

    /**
     * The response cache's TTL in this run (5 minutes in the service's configuration): generating 100,000
     * contents takes several minutes, and with 5 minutes most cached answers of the largest set would have
     * expired by the time it is measured, so the phase would measure expiry, not the tiers. (Read this
     * often in production, a working set is refreshed well within 5 minutes.)
     */
    static final String RESPONSE_TTL = "2h";
    /**
     * The content answers' {@code Cache-Control} in this run: the response cache keeps a private answer no
     * longer than its {@code max-age} (60 s for content by default), so without this the answers stored by
     * the warm-up expired before the sets were measured, whatever {@link #RESPONSE_TTL} said, and a read of
     * the largest set was mostly a miss (the answer, then the business and content) and a store.
     */
    static final String CONTENT_CACHE_CONTROL = "private,max-age=7200";

    private final boolean redis = Boolean.parseBoolean(System.getProperty("loadtest.redis", "true"));
    private final LoadRun run = new LoadRun(redis ? "cost-curve-redis" : "cost-curve-no-redis", CostCurve.class,
            List.of("--corp-astro.http.response-cache.ttl=" + RESPONSE_TTL,
                    "--corp-astro.http.endpoint-types.content.cache-control=" + CONTENT_CACHE_CONTROL));
    private final List<Integer> sizes = workingSets(System.getProperty("loadtest.working-sets", "1000,10000,100000"));
    private final int threads = Integer.getInteger("loadtest.warm-up-threads", 8);
    private final Map<Integer, Map<String, Double>> figures = new LinkedHashMap<>();
    private final Map<Integer, double[]> countersAtStart = new LinkedHashMap<>();
    private double rssIdle;
    private ProcessMemory.RssSampler rss;

    {
        List<PopulationBuilder> sequence = new ArrayList<>();
        for (int size : sizes) {
            sequence.add(scenario("working set " + size + ", warm-up").feed(Requests.workingSetReads(run, size))
                    .exec(Requests.readContent("content (warm-up)"))
                    .injectClosed(constantConcurrentUsers(run.users()).during(run.ramp())));
            sequence.add(Requests.step("working set " + size + ", measuring starts", () -> start(size)));
            sequence.add(scenario("working set " + size).feed(Requests.workingSetReads(run, size))
                    .exec(Requests.measured(run, Requests.readContent("content"), label(size)))
                    .injectClosed(constantConcurrentUsers(run.users()).during(run.plateau())));
            sequence.add(Requests.step("working set " + size + ", measuring ends", () -> end(size)));
        }
        setUp(Requests.inSequence(sequence)).protocols(Requests.protocol(run));
    }

    /** Sizes from a comma-separated list, each > 0, at most the import's 100,000 rows. */
    static List<Integer> workingSets(String list) {
        List<Integer> sizes = Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
        for (int size : sizes) {
            if (size <= 0 || size > 100_000) {
                throw new IllegalArgumentException("loadtest.working-sets must be sizes from 1 to 100000, was " + list);
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("loadtest.working-sets is empty");
        }
        return sizes;
    }

    static String label(int size) {
        return String.format(Locale.ROOT, "working set %,d", size);
    }

    @Override
    public void before() {
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        run.prepare(largest, Math.max(1, largest / 1_000),
                service -> service.warmUp(Requests.workingSet(service, largest), threads));
        rssIdle = ProcessMemory.rssBytes(run.service().pid());
    }

    private void start(int size) {
        countersAtStart.put(size, counters());
        rss = new ProcessMemory.RssSampler(run.service().pid(), Duration.ofMillis(500)).start();
    }

    private void end(int size) {
        ProcessMemory.RssFigures rssFigures = rss.stop();
        double[] before = countersAtStart.get(size);
        double[] after = counters();
        double l1Hits = after[0] - before[0];
        double l1Misses = after[1] - before[1];
        double l2Hits = after[2] - before[2];
        double l2Misses = after[3] - before[3];
        Map<String, Double> row = new LinkedHashMap<>();
        putRate(row, "l1HitRate", l1Hits, l1Misses);
        putRate(row, "l2HitRate", l2Hits, l2Misses);
        row.put("l1Lookups", l1Hits + l1Misses);
        row.put("l2Lookups", l2Hits + l2Misses);
        row.put("l2Errors", after[4] - before[4]);
        row.put("rssIdleBytes", rssIdle);
        row.put("rssLoadMaxBytes", (double) rssFigures.maxBytes());
        row.put("loadAverage1m", LoadRun.loadAverage());
        row.put("heapAfterGcBytes", (double) run.service().heapUsedAfterGc());
        figures.put(size, row);
    }

    /** L1 hits, L1 misses, L2 hits, L2 misses, failed Redis commands since the service started. */
    private double[] counters() {
        ServiceUnderTest service = run.service();
        return new double[] {
            service.metric("corp-astro.cache.gets", "level:l1", "result:hit"),
            service.metric("corp-astro.cache.gets", "level:l1", "result:miss"),
            service.metric("corp-astro.cache.gets", "level:l2", "result:hit"),
            service.metric("corp-astro.cache.gets", "level:l2", "result:miss"),
            service.metric("corp-astro.cache.errors", "level:l2")};
    }

    /** Hits over lookups; left out when there was no lookup (no Redis: no L2 lookup). */
    private static void putRate(Map<String, Double> row, String name, double hits, double misses) {
        if (hits + misses > 0) {
            row.put(name, hits / (hits + misses));
        }
    }

    @Override
    public void after() {
        List<RunRecord.Row> rows = new ArrayList<>();
        for (int size : sizes) {
            // The size and Redis always: a phase whose figures could not be read still has its throughput.
            Map<String, Double> row = new LinkedHashMap<>(figures.getOrDefault(size, Map.of()));
            row.put("workingSet", (double) size);
            row.put("redis", redis ? 1.0 : 0.0);
            rows.add(run.row(label(size), run.plateau(), row));
        }
        run.finish(rows);
    }
}
