package com.corpastro.loadtest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one simulation run against one mode measured, written to
 * {@code <results>/runs/<scenario>-<mode>.json} and read by {@link Summary}.
 *
 * @param scenario   the simulation's name, e.g. {@code hot-reads}
 * @param simulation the prefix of Gatling's report directory (the simulation class, lower case)
 * @param mode       {@code optimized} or {@code off}
 * @param startedAt  when the measured phases began (ISO-8601)
 * @param users      concurrent users at the plateau
 * @param rows       the measured rows
 * @param machine    where it ran
 */
public record RunRecord(String scenario, String simulation, String mode, String startedAt, int users,
        List<Row> rows, Machine machine) {

    /**
     * One row of the summary: requests that ran at full concurrency for {@code seconds}.
     *
     * @param label      what was measured, e.g. {@code cached content}
     * @param depth      0 for a row of its own, 1 for a part of the row above it (not charted)
     * @param seconds    how long the row's requests ran at full concurrency
     * @param requests   requests sent
     * @param errors     requests that failed (a status other than the expected one, or no answer)
     * @param throughput requests / seconds
     * @param p50        median response time in ms
     * @param p95        95th percentile in ms
     * @param p99        99th percentile in ms
     * @param bytes      the bytes of a representative answer with br and identity, or null
     * @param figures    more figures of the row by name (cache hit rates, heap, RSS: see {@link RoundTwo}), or null
     */
    public record Row(String label, int depth, double seconds, long requests, long errors, double throughput,
            double p50, double p95, double p99, ServiceUnderTest.ResponseBytes bytes, Map<String, Double> figures) {

        /** A row from recorded measurements. */
        public static Row of(String label, int depth, double seconds, Measurements.Stats stats,
                ServiceUnderTest.ResponseBytes bytes) {
            return of(label, depth, seconds, stats, bytes, null);
        }

        /** A row from recorded measurements, with more figures. */
        public static Row of(String label, int depth, double seconds, Measurements.Stats stats,
                ServiceUnderTest.ResponseBytes bytes, Map<String, Double> figures) {
            return new Row(label, depth, seconds, stats.requests(), stats.errors(), stats.requests() / seconds,
                    stats.p50(), stats.p95(), stats.p99(), bytes, figures == null ? null : new TreeMap<>(figures));
        }

        /** The figure {@code name}, NaN when the row has none. */
        public double figure(String name) {
            Double value = figures == null ? null : figures.get(name);
            return value == null ? Double.NaN : value;
        }
    }

    /** Cores, CPU model, JDK and OS of the machine that ran the test. */
    public record Machine(int cores, String cpu, String jdk, String os) {

        public static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(),
                    System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }

        private static String cpuModel() {
            try {
                return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                        .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("unknown");
            } catch (java.io.IOException | RuntimeException e) {
                return "unknown";
            }
        }
    }
}
