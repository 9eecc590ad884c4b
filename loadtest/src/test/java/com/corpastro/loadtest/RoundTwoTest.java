package com.corpastro.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

class RoundTwoTest {

    private static final RunRecord.Machine MACHINE = new RunRecord.Machine(2, "AMD EPYC", "Temurin 25", "Linux amd64");
    private static final double MB = 1024 * 1024;

    @TempDir
    Path results;

    @Test
    void theCeilingComparesCachedContentWithTheBareEndpointInEachCoding() {
        RoundTwo.Result result = RoundTwo.result(records());

        assertThat(result.ceiling()).extracting(RoundTwo.CeilingRow::coding, RoundTwo.CeilingRow::wireBytes,
                RoundTwo.CeilingRow::throughputRatio, RoundTwo.CeilingRow::p99Ratio).containsExactly(
                        tuple("identity", 3472.0, 0.96, 1.25), tuple("gzip", 3472.0, 0.9, 2.0),
                        tuple("br", 3472.0, 0.96, 1.25));
        assertThat(result.checks()).extracting(Summary.Check::target, Summary.Check::measured, Summary.Check::met)
                .contains(tuple("ceiling, gzip: cached content throughput >= 0.95x the bare endpoint's",
                        "0.90x (9000 vs 10000 req/s)", false),
                        tuple("ceiling, gzip: cached content p99 <= 1.5x the bare endpoint's", "2.00x (20 vs 10 ms)",
                                false),
                        tuple("ceiling, br: cached content throughput >= 0.95x the bare endpoint's",
                                "0.96x (9600 vs 10000 req/s)", true),
                        tuple("ceiling, br: cached content p99 <= 1.5x the bare endpoint's", "1.25x (10 vs 8 ms)",
                                true));
    }

    @Test
    void coldReadsAndTheTrivialEndpointAreCheckedOptimizedAgainstOff() {
        RoundTwo.Result result = RoundTwo.result(records());

        assertThat(result.modes()).extracting(RoundTwo.ModesRow::measured, RoundTwo.ModesRow::ratio).containsExactly(
                tuple("cold-reads: first read (generated)", 1.6), tuple("hot-reads: trivial endpoint", 0.75));
        assertThat(result.checks()).extracting(Summary.Check::target, Summary.Check::measured, Summary.Check::met)
                .contains(tuple("cold-reads: first read (generated): optimized >= 1.5x optimizations off",
                        "1.60x (400 vs 250 req/s)", true),
                        tuple("hot-reads: trivial endpoint: optimized >= 0.95x optimizations off",
                                "0.75x (6000 vs 8000 req/s)", false));
    }

    @Test
    void theCostCurveComparesTheLargestWorkingSetWithRedisToTheSmallest() {
        RoundTwo.Result result = RoundTwo.result(records());

        assertThat(result.costCurve()).extracting(RoundTwo.CurveRow::workingSet, RoundTwo.CurveRow::redis,
                RoundTwo.CurveRow::ratioToSmallest, RoundTwo.CurveRow::l1HitRate, RoundTwo.CurveRow::l2HitRate)
                .containsExactly(tuple(1_000, true, 1.0, 0.99, 0.5), tuple(100_000, true, 0.55, 0.6, 0.9),
                        tuple(1_000, false, 1.0, 0.99, Double.NaN), tuple(100_000, false, 0.2, 0.5, Double.NaN));
        assertThat(result.checks()).extracting(Summary.Check::target, Summary.Check::measured, Summary.Check::met)
                .contains(tuple("cost curve with Redis: working set 100,000 >= 0.5x working set 1,000",
                        "0.55x (5500 vs 10000 req/s)", true),
                        tuple("ceiling and cost curve: zero errors", "3 errors", false));
    }

    @Test
    void theMarkdownHasATableForEachPartAndTheTargets() {
        String markdown = RoundTwo.markdown(RoundTwo.result(records()));

        assertThat(markdown)
                .contains("| gzip | 3,472 | 10,000 | 9,000 | 0.90x | 10.0 | 20.0 | 2.00x | 0 |")
                .contains("| cold-reads: first read (generated) | 400 | 250 | 1.60x | 90.0 / 120 |")
                .contains("| 100,000 | yes | 5,500 | 0.55x | 4.0 / 30.0 | 60.0% | 90.0% | 300 | 900 | 3 | 1.50 |")
                .contains("| 1,000 | no | 10,000 | 1.00x | 4.0 / 30.0 | 99.0% | - | 300 | 900 | 0 | 1.50 |")
                .contains("| service | 400 | 500 | 60 | 80 |")
                .contains("| bare app | 150 | 300 | - | - |")
                .contains("| hot-reads: trivial endpoint: optimized >= 0.95x optimizations off | "
                        + "0.75x (6000 vs 8000 req/s) | **no** |")
                .contains("Machine: 2 cores, AMD EPYC, JDK Temurin 25, Linux amd64.");
    }

    @Test
    void eachChartHasTwoBarsPerGroupInBothPanels() {
        Map<String, String> charts = RoundTwo.charts(records(), MACHINE);

        assertThat(charts).containsOnlyKeys("round-two-ceiling.svg", "round-two-cost-curve.svg", "round-two-modes.svg");
        // background + 2 legend squares + groups x 2 series x 2 panels
        assertThat(charts.get("round-two-ceiling.svg").split("<rect ", -1)).hasSize(1 + 1 + 2 + 3 * 2 * 2);
        assertThat(charts.get("round-two-ceiling.svg")).contains(">bare endpoint<").contains(">gzip<")
                .contains(">9,000<");
        assertThat(charts.get("round-two-cost-curve.svg").split("<rect ", -1)).hasSize(1 + 1 + 2 + 2 * 2 * 2);
        assertThat(charts.get("round-two-cost-curve.svg")).contains(">without Redis<").contains(">5,500<");
        assertThat(charts.get("round-two-modes.svg").split("<rect ", -1)).hasSize(1 + 1 + 2 + 2 * 2 * 2);
    }

    @Test
    void mainWritesTheTablesAndTheChartsFromTheRunRecords() throws Exception {
        Path runs = Files.createDirectories(results.resolve("round-two").resolve("runs"));
        JsonMapper json = JsonMapper.builder().build();
        for (RunRecord record : records()) {
            Files.writeString(runs.resolve(record.scenario() + "-" + record.mode() + ".json"),
                    json.writeValueAsString(record));
        }
        Path charts = Files.createDirectories(results.resolve("readme"));

        RoundTwo.main(new String[] {results.resolve("round-two").toString(), results.toString(), charts.toString()});

        assertThat(results.resolve("round-two.md")).content().contains("| identity | 3,472 | 10,000 | 9,600 | 0.96x |");
        assertThat(results.resolve("round-two.json")).content().contains("\"throughputRatio\"");
        assertThat(charts.resolve("round-two-cost-curve.svg")).hasSameTextualContentAs(
                results.resolve("round-two-cost-curve.svg"));
    }

    @Test
    void workingSetsAreSizesFromOneToTheImportsHundredThousandRows() {
        assertThat(CostCurve.workingSets("1000, 10000,100000")).containsExactly(1_000, 10_000, 100_000);
        assertThatThrownBy(() -> CostCurve.workingSets("1000,100001"))
                .hasMessage("loadtest.working-sets must be sizes from 1 to 100000, was 1000,100001");
        assertThat(CostCurve.label(100_000)).isEqualTo("working set 100,000");
    }

    private static List<RunRecord> records() {
        List<RunRecord> records = new ArrayList<>();
        Map<String, Double> wire = Map.of("wireBytes", 3472.0);
        Map<String, Double> service = new LinkedHashMap<>(wire);
        service.putAll(Map.of("rssIdleBytes", 400 * MB, "rssLoadMaxBytes", 500 * MB, "heapAfterGcIdleBytes", 60 * MB,
                "heapAfterGcLoadBytes", 80 * MB));
        Map<String, Double> bare = new LinkedHashMap<>(wire);
        bare.putAll(Map.of("rssIdleBytes", 150 * MB, "rssLoadMaxBytes", 300 * MB));
        records.add(record("ceiling", "optimized",
                row("bare, identity", 10_000, 8, bare, 0), row("cached content, identity", 9_600, 10, service, 0),
                row("bare, gzip", 10_000, 10, bare, 0), row("cached content, gzip", 9_000, 20, service, 0),
                row("bare, br", 10_000, 8, bare, 0), row("cached content, br", 9_600, 10, service, 0)));
        records.add(record("cold-reads", "optimized", row("first read (generated)", 400, 90, null, 0)));
        records.add(record("cold-reads", "off", row("first read (generated)", 250, 120, null, 0)));
        records.add(record("hot-reads", "optimized", row("trivial endpoint", 6_000, 12, null, 0)));
        records.add(record("hot-reads", "off", row("trivial endpoint", 8_000, 9, null, 0)));
        records.add(record("cost-curve-redis", "optimized", curve(100_000, 5_500, 0.6, 0.9, 3),
                curve(1_000, 10_000, 0.99, 0.5, 0)));
        records.add(record("cost-curve-no-redis", "optimized", curve(1_000, 10_000, 0.99, Double.NaN, 0),
                curve(100_000, 2_000, 0.5, Double.NaN, 0)));
        return records;
    }

    private static RunRecord record(String scenario, String mode, RunRecord.Row... rows) {
        return new RunRecord(scenario, scenario.replace("-", ""), mode, "2026-12-05T00:00:00Z", 48, List.of(rows),
                MACHINE);
    }

    private static RunRecord.Row row(String label, double throughput, double p99, Map<String, Double> figures,
            long errors) {
        return new RunRecord.Row(label, 0, 40, Math.round(throughput * 40), errors, throughput, 4, p99 / 2, p99, null,
                figures);
    }

    private static RunRecord.Row curve(int size, double throughput, double l1, double l2, long errors) {
        Map<String, Double> figures = new LinkedHashMap<>(Map.of("workingSet", (double) size, "l1HitRate", l1,
                "heapAfterGcBytes", 300 * MB, "rssLoadMaxBytes", 900 * MB, "loadAverage1m", 1.5));
        if (!Double.isNaN(l2)) {
            figures.put("l2HitRate", l2);
        }
        return row(CostCurve.label(size), throughput, 30, figures, errors);
    }
}
