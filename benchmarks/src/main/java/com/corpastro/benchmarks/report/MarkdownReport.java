package com.corpastro.benchmarks.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH's JSON result file into a markdown table per benchmark class: score, error, unit,
 * the time of each benchmark relative to the raw baseline it is paired with (same class, same
 * parameters), and, where a benchmark counts {@code identityBytes} and {@code compressedBytes},
 * the compressed size relative to identity. The header names the machine the report is written
 * on, so write it right after the run, on the same machine ({@code benchmarks/run.sh} does).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar com.corpastro.benchmarks.report.MarkdownReport \
 *     benchmarks/results/jmh-result.json benchmarks/results/jmh-results.md
 * </pre>
 */
public final class MarkdownReport {

    /** Which benchmark is compared with which raw baseline(s), in one class. */
    public record Baseline(String benchmarkClass, String method, List<String> baselines) {

        public Baseline {
            baselines = List.copyOf(baselines);
        }
    }

    /**
     * The machine line of the header.
     *
     * @param load the load averages when the report is written (right after the run, so the
     *             15-minute figure covers most of a short run), or empty where unknown
     */
    public record Machine(String cpu, int cores, String os, String load) {

        /** This machine: the CPU model from {@code /proc/cpuinfo} and the load from {@code /proc/loadavg}. */
        public static Machine current() {
            String cpu = System.getProperty("os.arch");
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                        .filter(line -> line.startsWith("model name"))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim())
                        .findFirst().orElse(cpu);
            } catch (IOException | RuntimeException e) {
                // not Linux: the architecture will do
            }
            String load = "";
            try {
                String[] averages = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                load = averages[0] + " / " + averages[1] + " / " + averages[2];
            } catch (IOException | RuntimeException e) {
                // not Linux: no load figure
            }
            return new Machine(cpu, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.version"), load);
        }
    }

    /** One result of the JSON file. */
    /**
     * One result of the JSON file.
     *
     * @param median the median of the measurement iterations of every fork (of the samples, in sample-time
     *               mode); {@code NaN} where the file has none
     */
    public record Result(String benchmarkClass, String method, String mode, Map<String, String> params, double score,
            double error, double median, String unit, Map<String, Double> secondary, String settings, String jdk) {
    }

    /** The pairs of this suite: each feature next to the raw library call it builds on. */
    public static final List<Baseline> BASELINES = List.of(
            new Baseline("CacheBenchmark", "l1Hit", List.of("rawCaffeineGetIfPresent", "rawCaffeineGetIfPresentFixedTtl",
                    "rawCaffeineGetIfPresentPerEntryTtl")),
            new Baseline("CacheBenchmark", "l2Hit", List.of("rawLettuceGet")),
            new Baseline("RateLimitBenchmark", "localRateLimiter", List.of("rawBucket4j")),
            new Baseline("RateLimitBenchmark", "redisRateLimiter", List.of("rawBucket4jLettuce")),
            new Baseline("CompressionBenchmark", "compression", List.of("rawLibrary")),
            new Baseline("BulkInsertBenchmark", "bulkInsert", List.of("rowByRow", "jdbcBatch", "rawCopy")),
            new Baseline("HttpFilterChainBenchmark", "cachedContent", List.of("trivialFixedBytes")),
            new Baseline("HttpFilterChainBenchmark", "trivialFixedBytes", List.of("bareFixedBytes")));

    private static final String IDENTITY_BYTES = "identityBytes";
    private static final String COMPRESSED_BYTES = "compressedBytes";

    private MarkdownReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: MarkdownReport <jmh-result.json> <report.md>, was " + List.of(args));
        }
        Path json = Path.of(args[0]);
        List<Result> results = parse(Files.readString(json, StandardCharsets.UTF_8));
        String markdown = render(results, Machine.current(), LocalDate.now(ZoneOffset.UTC), BASELINES);
        Path out = Path.of(args[1]);
        Files.writeString(out, markdown, StandardCharsets.UTF_8);
        System.out.println("wrote " + out + " (" + results.size() + " results from " + json + ")");
    }

    /** The results of a JMH JSON result file, in the file's order. */
    public static List<Result> parse(String json) {
        JsonNode root = JsonMapper.builder().build().readTree(json);
        if (!root.isArray()) {
            throw new IllegalArgumentException("a JMH JSON result file is an array of results, was " + root.getNodeType());
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode node : root) {
            String benchmark = node.path("benchmark").asString();
            int dot = benchmark.lastIndexOf('.');
            String fqcn = benchmark.substring(0, dot);
            Map<String, String> params = new LinkedHashMap<>();
            node.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
            Map<String, Double> secondary = new LinkedHashMap<>();
            node.path("secondaryMetrics").properties()
                    .forEach(e -> secondary.put(e.getKey(), number(e.getValue().path("score"))));
            JsonNode primary = node.path("primaryMetric");
            String mode = node.path("mode").asString();
            boolean singleShot = mode.equals("ss");
            String settings = String.format(Locale.ROOT, "%s fork(s), warm-up %d x %s, measurement %d x %s, %s thread(s)",
                    node.path("forks").asString(), node.path("warmupIterations").asInt(),
                    singleShot ? "single shot" : node.path("warmupTime").asString(),
                    node.path("measurementIterations").asInt(),
                    singleShot ? "single shot" : node.path("measurementTime").asString(), node.path("threads").asString());
            String jdk = (node.path("vmName").asString() + " " + node.path("jdkVersion").asString()
                    + " (" + node.path("vmVersion").asString() + ")").trim();
            results.add(new Result(fqcn.substring(fqcn.lastIndexOf('.') + 1), benchmark.substring(dot + 1),
                    mode, params, number(primary.path("score")),
                    number(primary.path("scoreError")), number(primary.path("scorePercentiles").path("50.0")),
                    primary.path("scoreUnit").asString(), secondary, settings, jdk));
        }
        return results;
    }

    /** JMH writes {@code "NaN"} (a string) where it has no error estimate, e.g. for a single iteration. */
    private static double number(JsonNode node) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        try {
            return Double.parseDouble(node.asString());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The whole report: header with the machine and JDK, then one section per benchmark class. */
    public static String render(List<Result> results, Machine machine, LocalDate date, List<Baseline> baselines) {
        StringBuilder out = new StringBuilder("# JMH results\n\n");
        String jdks = results.stream().map(Result::jdk).distinct().collect(Collectors.joining(", "));
        out.append(String.format(Locale.ROOT, "Machine: %d cores, %s, %s; JDK: %s; %s.%n", machine.cores(),
                machine.cpu(), machine.os(), jdks.isEmpty() ? "unknown" : jdks, date));
        if (!machine.load().isEmpty()) {
            out.append(String.format(Locale.ROOT, "Load average (1 / 5 / 15 min) when the run ended: %s%s.%n",
                    machine.load(), busy(machine)
                            ? " (above the core count: other work shared the CPUs and the scores swing with it)"
                            : ""));
        }
        out.append('\n');
        out.append("Score ± error is JMH's mean and 99.9% confidence interval (n/a with fewer than two iterations); "
                + "median is the median iteration of all forks (of all samples, for sampled benchmarks). "
                + "\"time vs baseline\" is this benchmark's median time per operation over the baseline's, "
                + "same class and parameters (below 1 = faster): a fork the JIT compiled differently, or a "
                + "scheduling stall on a shared machine, moves the mean much more than the median. "
                + "\"size vs identity\" is compressed bytes over uncompressed bytes.\n");
        Map<String, List<Result>> byClass = new LinkedHashMap<>();
        for (Result result : results) {
            byClass.computeIfAbsent(result.benchmarkClass(), k -> new ArrayList<>()).add(result);
        }
        for (Map.Entry<String, List<Result>> group : byClass.entrySet()) {
            section(out, group.getKey(), group.getValue(), baselines);
        }
        return out.toString();
    }

    /** Whether the 1-minute load average was above the core count; {@code false} when it cannot be read. */
    private static boolean busy(Machine machine) {
        try {
            return Double.parseDouble(machine.load().split(" / ")[0]) > machine.cores();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void section(StringBuilder out, String benchmarkClass, List<Result> results,
            List<Baseline> baselines) {
        boolean hasParams = results.stream().anyMatch(r -> !r.params().isEmpty());
        boolean hasSizes = results.stream().anyMatch(r -> sizeRatio(r) != null);
        boolean hasBaselines = results.stream().anyMatch(r -> !baselinesOf(r, baselines).isEmpty());
        out.append("\n## ").append(benchmarkClass).append("\n\n");
        out.append(results.stream().map(Result::settings).distinct().collect(Collectors.joining("; ")))
                .append(".\n\n");
        List<String> header = new ArrayList<>(List.of("benchmark"));
        if (hasParams) {
            header.add("params");
        }
        header.addAll(List.of("score", "± error", "median", "unit"));
        if (hasBaselines) {
            header.add("time vs baseline");
        }
        if (hasSizes) {
            header.add("size vs identity");
        }
        row(out, header);
        row(out, header.stream().map(h -> h.equals("benchmark") || h.equals("params") ? "---" : "---:").toList());
        for (Result result : results) {
            List<String> cells = new ArrayList<>(List.of(result.method()));
            if (hasParams) {
                cells.add(result.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")));
            }
            cells.add(format(result.score()));
            cells.add(Double.isNaN(result.error()) ? "n/a" : format(result.error()));
            cells.add(format(result.median()));
            cells.add(result.unit());
            if (hasBaselines) {
                cells.add(comparisons(result, results, baselines));
            }
            if (hasSizes) {
                Double ratio = sizeRatio(result);
                cells.add(ratio == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * ratio));
            }
            row(out, cells);
        }
    }

    private static List<String> baselinesOf(Result result, List<Baseline> baselines) {
        return baselines.stream()
                .filter(b -> b.benchmarkClass().equals(result.benchmarkClass()) && b.method().equals(result.method()))
                .flatMap(b -> b.baselines().stream()).toList();
    }

    private static String comparisons(Result result, List<Result> sameClass, List<Baseline> baselines) {
        List<String> parts = new ArrayList<>();
        for (String baselineMethod : baselinesOf(result, baselines)) {
            sameClass.stream()
                    .filter(r -> r.method().equals(baselineMethod) && Objects.equals(r.params(), result.params()))
                    .findFirst()
                    .ifPresent(baseline -> {
                        double ours = nanosPerOp(typical(result), result.unit());
                        double theirs = nanosPerOp(typical(baseline), baseline.unit());
                        if (!Double.isNaN(ours) && !Double.isNaN(theirs) && theirs > 0) {
                            parts.add(ratio(ours / theirs) + " " + baselineMethod);
                        }
                    });
        }
        return String.join("; ", parts);
    }

    /** The median, or the mean where the file has no median. */
    private static double typical(Result result) {
        return Double.isNaN(result.median()) ? result.score() : result.median();
    }

    /** {@code 3.38x}, or for a speed-up {@code 0.044x (22.7x faster)}. */
    static String ratio(double ratio) {
        if (ratio >= 1) {
            return String.format(Locale.ROOT, "%.2fx", ratio);
        }
        return String.format(Locale.ROOT, "%sx (%.1fx faster)", significant(ratio, 2), 1 / ratio);
    }

    private static String significant(double value, int digits) {
        return new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }

    private static Double sizeRatio(Result result) {
        Double identity = result.secondary().get(IDENTITY_BYTES);
        Double compressed = result.secondary().get(COMPRESSED_BYTES);
        if (identity == null || compressed == null || identity <= 0) {
            return null;
        }
        return compressed / identity;
    }

    /**
     * Time per operation in nanoseconds for JMH's units: {@code ns/op} ... {@code s/op} (average
     * and single-shot time) and {@code ops/ns} ... {@code ops/s} (throughput); NaN for others.
     */
    static double nanosPerOp(double score, String unit) {
        String[] parts = unit.split("/");
        if (parts.length != 2) {
            return Double.NaN;
        }
        if (parts[1].equals("op")) {
            return score * nanos(parts[0]);
        }
        if (parts[0].equals("ops")) {
            return nanos(parts[1]) / score;
        }
        return Double.NaN;
    }

    private static double nanos(String timeUnit) {
        return switch (timeUnit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "min" -> 60e9;
            default -> Double.NaN;
        };
    }

    /** Three significant figures or so, with thousands separators for large values. */
    static String format(double value) {
        double abs = Math.abs(value);
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return significant(value, 3);
    }

    private static void row(StringBuilder out, List<String> cells) {
        out.append("| ").append(cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ")))
                .append(" |\n");
    }
}
