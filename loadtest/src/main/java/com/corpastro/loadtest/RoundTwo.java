package com.corpastro.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of issue 23 ("performance, round two") from the run records of one
 * {@code -Pround-two} run: the ceiling ({@code Ceiling}: cached content against the bare app in each
 * coding), cold reads and the trivial endpoint optimized against off ({@code ColdReads},
 * {@code HotReads}), the cost curve with and without Redis ({@code CostCurve}) and the service's
 * memory. Writes {@code round-two.md}, {@code round-two.json} and three charts
 * ({@code round-two-ceiling.svg}, {@code round-two-cost-curve.svg}, {@code round-two-modes.svg}).
 *
 * <p>Row figures it reads (see {@link RunRecord.Row#figures()}): {@code wireBytes},
 * {@code rssIdleBytes}, {@code rssLoadMaxBytes}, {@code heapAfterGcIdleBytes},
 * {@code heapAfterGcLoadBytes}, {@code heapAfterGcBytes}, {@code l1HitRate}, {@code l2HitRate},
 * {@code loadAverage1m}.
 */
public final class RoundTwo {

    static final double CEILING_THROUGHPUT = 0.95;
    static final double CEILING_P99 = 1.5;
    static final double COLD_READS = 1.5;
    static final double TRIVIAL = 0.95;
    static final double CURVE = 0.5;

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final double MB = 1024 * 1024;

    /** Cached content against the bare endpoint in one coding. */
    public record CeilingRow(String coding, double wireBytes, double bareThroughput, double cachedThroughput,
            double throughputRatio, double bareP99, double cachedP99, double p99Ratio, long errors) {
    }

    /** One row measured optimized and with the optimizations off. */
    public record ModesRow(String measured, double optimized, double off, double ratio, double optimizedP99,
            double offP99) {
    }

    /** Hot reads over one working set, with or without Redis. */
    public record CurveRow(int workingSet, boolean redis, double throughput, double ratioToSmallest, double p50,
            double p99, double l1HitRate, double l2HitRate, double heapAfterGcBytes, double rssLoadMaxBytes,
            long errors, double loadAverage1m) {
    }

    /** The service's memory in the ceiling run (idle: working set warmed, no load), and the bare app's RSS. */
    public record Memory(double rssIdleBytes, double rssLoadMaxBytes, double heapAfterGcIdleBytes,
            double heapAfterGcLoadBytes, double bareRssIdleBytes, double bareRssLoadMaxBytes) {
    }

    /** Everything written to {@code round-two.json}. */
    public record Result(String generatedAt, RunRecord.Machine machine, List<CeilingRow> ceiling,
            List<ModesRow> modes, List<CurveRow> costCurve, Memory memory, List<Summary.Check> checks) {
    }

    private RoundTwo() {
    }

    /** {@code RoundTwo <round-two results dir> <output dir> [chart copy dir]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: RoundTwo <round-two results dir> <output dir> [chart copy dir]");
        }
        List<RunRecord> records = Summary.records(Path.of(args[0]));
        if (records.isEmpty()) {
            System.out.println("No round-two runs under " + Path.of(args[0]).resolve("runs") + "; nothing to summarize.");
            return;
        }
        Result result = result(records);
        Path out = Files.createDirectories(Path.of(args[1]));
        Files.writeString(out.resolve("round-two.json"), JSON.writeValueAsString(result));
        Files.writeString(out.resolve("round-two.md"), markdown(result));
        Map<String, String> charts = charts(records, result.machine());
        for (Map.Entry<String, String> chart : charts.entrySet()) {
            Files.writeString(out.resolve(chart.getKey()), chart.getValue());
            if (args.length > 2) {
                Files.writeString(Path.of(args[2]).resolve(chart.getKey()), chart.getValue());
            }
        }
        System.out.println(markdown(result));
        System.out.println("Written: " + out.resolve("round-two.md") + ", round-two.json, " + String.join(", ",
                charts.keySet()) + (args.length > 2 ? " (charts also in " + args[2] + ")" : ""));
    }

    /** The tables and checks of the records. */
    public static Result result(List<RunRecord> records) {
        List<CeilingRow> ceiling = new ArrayList<>();
        for (String coding : BareEndpoint.CODINGS) {
            Optional<RunRecord.Row> bare = row(records, "ceiling", "bare, " + coding);
            Optional<RunRecord.Row> cached = row(records, "ceiling", "cached content, " + coding);
            if (bare.isPresent() && cached.isPresent()) {
                RunRecord.Row b = bare.get();
                RunRecord.Row c = cached.get();
                ceiling.add(new CeilingRow(coding, c.figure("wireBytes"), b.throughput(), c.throughput(),
                        c.throughput() / b.throughput(), b.p99(), c.p99(), c.p99() / b.p99(), b.errors() + c.errors()));
            }
        }
        List<ModesRow> modes = new ArrayList<>();
        modes(records, "cold-reads", "first read (generated)").ifPresent(modes::add);
        modes(records, "hot-reads", "trivial endpoint").ifPresent(modes::add);
        modes(records, "hot-reads", "cached content").ifPresent(modes::add);
        List<CurveRow> curve = new ArrayList<>();
        for (String scenario : List.of("cost-curve-redis", "cost-curve-no-redis")) {
            List<RunRecord.Row> rows = records.stream().filter(r -> r.scenario().equals(scenario))
                    .flatMap(r -> r.rows().stream()).filter(r -> !Double.isNaN(r.figure("workingSet")))
                    .sorted(Comparator.comparingDouble(r -> r.figure("workingSet"))).toList();
            for (RunRecord.Row r : rows) {
                curve.add(new CurveRow((int) r.figure("workingSet"), scenario.equals("cost-curve-redis"), r.throughput(), r.throughput() / rows.get(0).throughput(),
                        r.p50(), r.p99(), r.figure("l1HitRate"), r.figure("l2HitRate"), r.figure("heapAfterGcBytes"),
                        r.figure("rssLoadMaxBytes"), r.errors(), r.figure("loadAverage1m")));
            }
        }
        Optional<RunRecord.Row> bare = row(records, "ceiling", "bare, identity");
        Memory memory = row(records, "ceiling", "cached content, identity").map(c -> new Memory(
                c.figure("rssIdleBytes"), c.figure("rssLoadMaxBytes"), c.figure("heapAfterGcIdleBytes"),
                c.figure("heapAfterGcLoadBytes"), bare.map(b -> b.figure("rssIdleBytes")).orElse(Double.NaN),
                bare.map(b -> b.figure("rssLoadMaxBytes")).orElse(Double.NaN))).orElse(null);
        RunRecord.Machine machine = records.get(records.size() - 1).machine();
        return new Result(Instant.now().toString(), machine, ceiling, modes, curve, memory,
                checks(ceiling, modes, curve));
    }

    private static Optional<RunRecord.Row> row(List<RunRecord> records, String scenario, String label) {
        return row(records, scenario, "optimized", label);
    }

    private static Optional<RunRecord.Row> row(List<RunRecord> records, String scenario, String mode, String label) {
        return records.stream().filter(r -> r.scenario().equals(scenario) && r.mode().equals(mode))
                .flatMap(r -> r.rows().stream()).filter(r -> r.label().equals(label)).findFirst();
    }

    private static Optional<ModesRow> modes(List<RunRecord> records, String scenario, String label) {
        Optional<RunRecord.Row> on = row(records, scenario, "optimized", label);
        Optional<RunRecord.Row> off = row(records, scenario, "off", label);
        if (on.isEmpty() || off.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModesRow(scenario + ": " + label, on.get().throughput(), off.get().throughput(),
                on.get().throughput() / off.get().throughput(), on.get().p99(), off.get().p99()));
    }

    static List<Summary.Check> checks(List<CeilingRow> ceiling, List<ModesRow> modes, List<CurveRow> curve) {
        List<Summary.Check> checks = new ArrayList<>();
        for (CeilingRow c : ceiling) {
            checks.add(new Summary.Check("ceiling, " + c.coding() + ": cached content throughput >= "
                    + CEILING_THROUGHPUT + "x the bare endpoint's", format("%.2fx (%.0f vs %.0f req/s)",
                            c.throughputRatio(), c.cachedThroughput(), c.bareThroughput()),
                    c.throughputRatio() >= CEILING_THROUGHPUT));
            checks.add(new Summary.Check("ceiling, " + c.coding() + ": cached content p99 <= " + CEILING_P99
                    + "x the bare endpoint's", format("%.2fx (%.0f vs %.0f ms)", c.p99Ratio(), c.cachedP99(),
                            c.bareP99()), c.p99Ratio() <= CEILING_P99));
        }
        for (ModesRow m : modes) {
            double target = m.measured().startsWith("cold-reads") ? COLD_READS
                    : m.measured().endsWith("trivial endpoint") ? TRIVIAL : Double.NaN;
            if (!Double.isNaN(target)) {
                checks.add(new Summary.Check(m.measured() + ": optimized >= " + target + "x optimizations off",
                        format("%.2fx (%.0f vs %.0f req/s)", m.ratio(), m.optimized(), m.off()), m.ratio() >= target));
            }
        }
        List<CurveRow> redis = curve.stream().filter(CurveRow::redis).toList();
        if (redis.size() > 1) {
            CurveRow smallest = redis.get(0);
            CurveRow largest = redis.get(redis.size() - 1);
            checks.add(new Summary.Check(format("cost curve with Redis: working set %,d >= %sx working set %,d",
                    largest.workingSet(), CURVE, smallest.workingSet()), format("%.2fx (%.0f vs %.0f req/s)",
                            largest.ratioToSmallest(), largest.throughput(), smallest.throughput()),
                    largest.ratioToSmallest() >= CURVE));
        }
        long errors = ceiling.stream().mapToLong(CeilingRow::errors).sum() + curve.stream().mapToLong(CurveRow::errors)
                .sum();
        if (!ceiling.isEmpty() || !curve.isEmpty()) {
            checks.add(new Summary.Check("ceiling and cost curve: zero errors", errors + " errors", errors == 0));
        }
        return checks;
    }

    /** The tables as markdown. */
    public static String markdown(Result result) {
        StringBuilder md = new StringBuilder();
        if (!result.ceiling().isEmpty()) {
            md.append("### Ceiling: cached content against the bare endpoint, same bytes\n\n");
            md.append("| coding | bytes on the wire | bare (req/s) | cached content (req/s) | throughput ratio "
                    + "(target >= ").append(CEILING_THROUGHPUT).append(") | bare p99 (ms) | cached p99 (ms) "
                    + "| p99 ratio (target <= ").append(CEILING_P99).append(") | errors |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (CeilingRow c : result.ceiling()) {
                md.append(format("| %s | %s | %s | %s | %s | %s | %s | %s | %d |%n", c.coding(), whole(c.wireBytes()),
                        Summary.number(c.bareThroughput()), Summary.number(c.cachedThroughput()), ratio(c.throughputRatio()),
                        Summary.number(c.bareP99()), Summary.number(c.cachedP99()), ratio(c.p99Ratio()), c.errors()));
            }
            md.append('\n');
        }
        if (!result.modes().isEmpty()) {
            md.append("### Optimized against optimizations off\n\n");
            md.append("| measured | optimized (req/s) | off (req/s) | ratio | p99 optimized / off (ms) |\n");
            md.append("|---|---:|---:|---:|---|\n");
            for (ModesRow m : result.modes()) {
                md.append(format("| %s | %s | %s | %s | %s / %s |%n", m.measured(), Summary.number(m.optimized()),
                        Summary.number(m.off()), ratio(m.ratio()), Summary.number(m.optimizedP99()),
                        Summary.number(m.offP99())));
            }
            md.append('\n');
        }
        if (!result.costCurve().isEmpty()) {
            md.append("### Cost curve: hot reads as the working set grows\n\n");
            md.append("| working set (contents) | Redis | throughput (req/s) | vs smallest | p50 / p99 (ms) | L1 hit rate "
                    + "| L2 hit rate | heap after GC (MB) | RSS under load, max (MB) | errors | load average |\n");
            md.append("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
            for (CurveRow r : result.costCurve()) {
                md.append(format("| %,d | %s | %s | %s | %s / %s | %s | %s | %s | %s | %d | %s |%n", r.workingSet(),
                        r.redis() ? "yes" : "no", Summary.number(r.throughput()), ratio(r.ratioToSmallest()),
                        Summary.number(r.p50()), Summary.number(r.p99()), percent(r.l1HitRate()),
                        percent(r.l2HitRate()), megabytes(r.heapAfterGcBytes()), megabytes(r.rssLoadMaxBytes()),
                        r.errors(), Double.isNaN(r.loadAverage1m()) ? "-" : format("%.2f", r.loadAverage1m())));
            }
            md.append("\nHit rates are over every lookup of the application cache during the measured phase (the "
                    + "response cache, the content and the token of each read); L2 is Redis, asked after an L1 miss.\n\n");
        }
        Memory m = result.memory();
        if (m != null) {
            md.append("### Memory (ceiling run: idle = working set warmed, no load; load = the ceiling's rounds)\n\n");
            md.append("| process | RSS idle (MB) | RSS under load, max (MB) | heap after GC idle (MB) "
                    + "| heap after GC after the load (MB) |\n|---|---:|---:|---:|---:|\n");
            md.append(format("| service | %s | %s | %s | %s |%n", megabytes(m.rssIdleBytes()),
                    megabytes(m.rssLoadMaxBytes()), megabytes(m.heapAfterGcIdleBytes()),
                    megabytes(m.heapAfterGcLoadBytes())));
            md.append(format("| bare app | %s | %s | - | - |%n%n", megabytes(m.bareRssIdleBytes()),
                    megabytes(m.bareRssLoadMaxBytes())));
        }
        if (!result.checks().isEmpty()) {
            md.append("| target | measured | met |\n|---|---|---|\n");
            for (Summary.Check c : result.checks()) {
                md.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ")
                        .append(c.met() ? "yes" : "**no**").append(" |\n");
            }
        }
        RunRecord.Machine machine = result.machine();
        if (machine != null) {
            md.append(format("%nMachine: %d cores, %s, JDK %s, %s.%n", machine.cores(), machine.cpu(), machine.jdk(),
                    machine.os()));
        }
        return md.toString();
    }

    /** The three charts by file name: the ceiling by coding, the cost curve by working set, optimized against off. */
    static Map<String, String> charts(List<RunRecord> records, RunRecord.Machine machine) {
        Map<String, String> charts = new LinkedHashMap<>();
        Map<String, Summary.Line[]> ceiling = new LinkedHashMap<>();
        for (String coding : BareEndpoint.CODINGS) {
            Summary.Line[] pair = {line(records, "ceiling", "optimized", "cached content, " + coding),
                line(records, "ceiling", "optimized", "bare, " + coding)};
            if (pair[0] != null || pair[1] != null) {
                ceiling.put(coding, pair);
            }
        }
        if (!ceiling.isEmpty()) {
            charts.put("round-two-ceiling.svg", Chart.svg("Ceiling: cached content against the bare endpoint",
                    "cached content (service)", "bare endpoint", machine, ceiling));
        }
        Map<String, Summary.Line[]> curve = new LinkedHashMap<>();
        for (int redis = 0; redis < 2; redis++) {
            String scenario = redis == 0 ? "cost-curve-redis" : "cost-curve-no-redis";
            for (RunRecord record : records) {
                if (record.scenario().equals(scenario)) {
                    for (Summary.Line line : Summary.lines(record, null)) {
                        curve.computeIfAbsent(line.label(), k -> new Summary.Line[2])[redis] = line;
                    }
                }
            }
        }
        if (!curve.isEmpty()) {
            charts.put("round-two-cost-curve.svg", Chart.svg("Cost curve: hot reads by working set", "with Redis",
                    "without Redis", machine, curve));
        }
        Map<String, Summary.Line[]> modes = new LinkedHashMap<>();
        for (String[] row : new String[][] {{"cold-reads", "first read (generated)"}, {"hot-reads", "trivial endpoint"},
            {"hot-reads", "cached content"}}) {
            Summary.Line[] pair = {line(records, row[0], "optimized", row[1]), line(records, row[0], "off", row[1])};
            if (pair[0] != null || pair[1] != null) {
                modes.put(row[0] + ": " + row[1], pair);
            }
        }
        if (!modes.isEmpty()) {
            charts.put("round-two-modes.svg", Chart.svg("Round two: optimized vs optimizations off", "optimized",
                    "optimizations off", machine, modes));
        }
        return charts;
    }

    private static Summary.Line line(List<RunRecord> records, String scenario, String mode, String label) {
        return records.stream().filter(r -> r.scenario().equals(scenario) && r.mode().equals(mode))
                .flatMap(r -> Summary.lines(r, null).stream()).filter(l -> l.label().equals(label)).findFirst()
                .orElse(null);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "-" : format("%.2fx", value);
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "-" : format("%.1f%%", value * 100);
    }

    private static String megabytes(double bytes) {
        return Double.isNaN(bytes) || bytes < 0 ? "-" : format("%,.0f", bytes / MB);
    }

    private static String whole(double value) {
        return Double.isNaN(value) ? "-" : format("%,.0f", value);
    }
}
