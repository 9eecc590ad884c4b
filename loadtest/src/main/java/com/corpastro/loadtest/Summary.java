package com.corpastro.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the load test's results into the figures the README shows: it reads every run record
 * under {@code <results>/runs} (one per scenario and mode, the latest run of each) and writes
 * {@code summary.md}, {@code summary.json} and the chart {@code performance-modes.svg} (also
 * copied to the path given as second argument).
 *
 * <p>Throughput is a row's request count divided by the seconds it ran at full concurrency;
 * percentiles are nearest-rank over the response times Gatling measured (see {@link Measurements}).
 */
public final class Summary {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One row of the summary table. */
    public record Line(String scenario, String mode, String label, int depth, long requests, double seconds,
            double throughput, double p50, double p95, double p99, long errors, Long brBytes, String brEncoding,
            Long identityBytes, String report) {
    }

    /** A target from the issue and whether this run met it. */
    public record Check(String target, String measured, boolean met) {
    }

    /** Everything the summary writes. */
    public record Result(String generatedAt, RunRecord.Machine machine, List<Line> lines, List<Check> checks) {
    }

    private Summary() {
    }

    /** {@code Summary <results dir> [chart copy]}. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Summary <results dir> [chart copy path]");
        }
        Path results = Path.of(args[0]);
        Result result = read(results);
        if (result.lines().isEmpty()) {
            System.out.println("No load-test runs under " + results.resolve("runs") + "; nothing to summarize.");
            return;
        }
        Files.writeString(results.resolve("summary.json"), JSON.writeValueAsString(result));
        Files.writeString(results.resolve("summary.md"), markdown(result));
        String svg = Chart.svg(result);
        Files.writeString(results.resolve("performance-modes.svg"), svg);
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), svg);
        }
        System.out.println(markdown(result));
        System.out.println("Written: " + results.resolve("summary.md") + ", summary.json, performance-modes.svg"
                + (args.length > 1 ? " and " + args[1] : ""));
    }

    /** Reads every run record, and links each to its newest Gatling report. */
    public static Result read(Path results) throws IOException {
        List<Line> lines = new ArrayList<>();
        RunRecord.Machine machine = null;
        for (RunRecord record : records(results)) {
            machine = record.machine();
            String report = newestReport(results.resolve("gatling").resolve(record.mode()), record.simulation())
                    .map(r -> results.relativize(r).resolve("index.html").toString()).orElse(null);
            lines.addAll(lines(record, report));
        }
        lines.sort(Comparator.comparing(Line::scenario).thenComparing(l -> l.mode().equals("off")));
        return new Result(Instant.now().toString(), machine, lines, checks(lines));
    }

    /** Every run record under {@code <results>/runs}, by file name; none when there is no such folder. */
    public static List<RunRecord> records(Path results) throws IOException {
        Path runs = results.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        List<RunRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(runs)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                records.add(JSON.readValue(file.toFile(), RunRecord.class));
            }
        }
        return records;
    }

    private static Optional<Path> newestReport(Path folder, String simulation) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            // Gatling names a report <simulation>-<yyyyMMddHHmmssSSS>, so the newest sorts last.
            return dirs.filter(d -> d.getFileName().toString().startsWith(simulation + "-"))
                    .filter(d -> Files.isRegularFile(d.resolve("index.html")))
                    .max(Comparator.comparing(d -> d.getFileName().toString()));
        }
    }

    /** The summary lines of one run record. */
    public static List<Line> lines(RunRecord record, String report) {
        List<Line> lines = new ArrayList<>();
        for (RunRecord.Row row : record.rows()) {
            ServiceUnderTest.ResponseBytes bytes = row.bytes();
            lines.add(new Line(record.scenario(), record.mode(), row.label(), row.depth(), row.requests(),
                    row.seconds(), row.throughput(), row.p50(), row.p95(), row.p99(), row.errors(),
                    bytes == null ? null : bytes.br(), bytes == null ? null : bytes.brEncoding(),
                    bytes == null ? null : bytes.identity(), report));
        }
        return lines;
    }

    /** The targets, for the rows this run has. */
    static List<Check> checks(List<Line> lines) {
        List<Check> checks = new ArrayList<>();
        Optional<Line> hotOn = line(lines, "hot-reads", "optimized", "cached content");
        Optional<Line> hotOff = line(lines, "hot-reads", "off", "cached content");
        Optional<Line> pingOn = line(lines, "hot-reads", "optimized", "trivial endpoint");
        if (hotOn.isPresent() && hotOff.isPresent()) {
            double ratio = hotOn.get().throughput() / hotOff.get().throughput();
            checks.add(new Check("hot reads: optimized throughput >= 4x optimizations off",
                    String.format(Locale.ROOT, "%.2fx (%.0f vs %.0f req/s)", ratio, hotOn.get().throughput(),
                            hotOff.get().throughput()), ratio >= 4));
            checks.add(new Check("hot reads: optimized p99 lower than optimizations off",
                    String.format(Locale.ROOT, "%.0f ms vs %.0f ms", hotOn.get().p99(), hotOff.get().p99()),
                    hotOn.get().p99() < hotOff.get().p99()));
        }
        hotOn.ifPresent(hot -> checks.add(new Check("hot reads, optimized: zero errors", hot.errors() + " errors",
                hot.errors() == 0)));
        if (hotOn.isPresent() && pingOn.isPresent()) {
            double ratio = hotOn.get().throughput() / pingOn.get().throughput();
            checks.add(new Check("cached content >= 90% of the trivial endpoint's throughput",
                    String.format(Locale.ROOT, "%.0f%% (%.0f vs %.0f req/s)", ratio * 100, hotOn.get().throughput(),
                            pingOn.get().throughput()), ratio >= 0.9));
        }
        Optional<Line> graphqlOn = line(lines, "graphql-reads", "optimized", "persisted graphql get");
        Optional<Line> restOn = line(lines, "graphql-reads", "optimized", "cached content");
        if (graphqlOn.isPresent() && restOn.isPresent()) {
            double ratio = graphqlOn.get().throughput() / restOn.get().throughput();
            checks.add(new Check("persisted GraphQL GET >= 0.8x the cached content endpoint's throughput",
                    String.format(Locale.ROOT, "%.2fx (%.0f vs %.0f req/s)", ratio, graphqlOn.get().throughput(),
                            restOn.get().throughput()), ratio >= 0.8));
        }
        hotOn.filter(l -> l.brBytes() != null && l.identityBytes() != null && l.identityBytes() > 0).ifPresent(l -> {
            double ratio = (double) l.brBytes() / l.identityBytes();
            checks.add(new Check("content bytes with br <= 35% of identity",
                    String.format(Locale.ROOT, "%.1f%% (%d of %d bytes, Content-Encoding %s)", ratio * 100, l.brBytes(),
                            l.identityBytes(), l.brEncoding()), ratio <= 0.35));
        });
        return checks;
    }

    private static Optional<Line> line(List<Line> lines, String scenario, String mode, String label) {
        return lines.stream().filter(l -> l.scenario().equals(scenario) && l.mode().equals(mode)
                && l.label().equals(label)).findFirst();
    }

    /** The summary as a markdown table with the targets and the machine. */
    public static String markdown(Result result) {
        StringBuilder md = new StringBuilder();
        md.append("| scenario | mode | measured | requests | throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) "
                + "| errors | bytes/response br | bytes/response identity |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Line l : result.lines()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %s | %d | %s | %s |%n",
                    l.scenario(), l.mode(), l.label(), l.requests(), number(l.throughput()), number(l.p50()),
                    number(l.p95()), number(l.p99()), l.errors(), l.brBytes() == null ? "" : l.brBytes().toString(),
                    l.identityBytes() == null ? "" : l.identityBytes().toString()));
        }
        if (!result.checks().isEmpty()) {
            md.append("\n| target | measured | met |\n|---|---|---|\n");
            for (Check c : result.checks()) {
                md.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ")
                        .append(c.met() ? "yes" : "**no**").append(" |\n");
            }
        }
        RunRecord.Machine m = result.machine();
        if (m != null) {
            md.append(String.format(Locale.ROOT, "%nMachine: %d cores, %s, JDK %s, %s.%n", m.cores(), m.cpu(), m.jdk(),
                    m.os()));
        }
        return md.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (value == 0) {
            return "0";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
