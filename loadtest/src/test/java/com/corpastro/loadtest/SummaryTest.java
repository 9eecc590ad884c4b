package com.corpastro.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    @TempDir
    Path results;

    @Test
    void runRecordsOfBothModesBecomeATableWithTheIssuesTargets() throws Exception {
        copyFixture();

        Summary.Result result = Summary.read(results);

        assertThat(result.lines()).extracting(l -> l.mode() + " " + l.label()).containsExactly(
                "optimized cached content", "optimized trivial endpoint", "off cached content", "off trivial endpoint");
        assertThat(result.checks()).extracting(Summary.Check::target, Summary.Check::measured, Summary.Check::met)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("hot reads: optimized throughput >= 4x optimizations off",
                                "5.00x (3000 vs 600 req/s)", true),
                        org.assertj.core.groups.Tuple.tuple("hot reads: optimized p99 lower than optimizations off",
                                "45 ms vs 490 ms", true),
                        org.assertj.core.groups.Tuple.tuple("hot reads, optimized: zero errors", "0 errors", true),
                        org.assertj.core.groups.Tuple.tuple(
                                "cached content >= 90% of the trivial endpoint's throughput",
                                "75% (3000 vs 4000 req/s)", false),
                        org.assertj.core.groups.Tuple.tuple("content bytes with br <= 35% of identity",
                                "25.0% (700 of 2800 bytes, Content-Encoding br)", true));

        String markdown = Summary.markdown(result);
        assertThat(markdown)
                .contains("| hot-reads | optimized | cached content | 120000 | 3,000 | 12.0 | 30.0 | 45.0 | 0 | 700 | 2800 |")
                .contains("| hot-reads | off | cached content | 24000 | 600 | 60.0 | 240 | 490 | 2 | 2800 | 2800 |")
                .contains("| cached content >= 90% of the trivial endpoint's throughput | 75% (3000 vs 4000 req/s) | **no** |")
                .contains("Machine: 2 cores, AMD EPYC, JDK Eclipse Adoptium 25.0.3+9-LTS, Linux amd64.");
    }

    @Test
    void thePersistedGraphQlGetIsCheckedAgainstTheCachedContentEndpointOfTheSameRun() {
        List<Summary.Line> lines = List.of(
                new Summary.Line("graphql-reads", "optimized", "persisted graphql get", 0, 90_000, 40, 2_250, 10, 20, 30,
                        0, null, null, null, null),
                new Summary.Line("graphql-reads", "optimized", "cached content", 0, 120_000, 40, 3_000, 8, 15, 25, 0,
                        null, null, null, null));

        assertThat(Summary.checks(lines)).contains(new Summary.Check(
                "persisted GraphQL GET >= 0.8x the cached content endpoint's throughput", "0.75x (2250 vs 3000 req/s)",
                false));
    }

    @Test
    void theChartHasOneBarPerModeAndRowInEachPanel() throws Exception {
        copyFixture();

        String svg = Chart.svg(Summary.read(results));

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n");
        // 2 legend squares + 2 rows x 2 modes x 2 panels, plus the white background.
        assertThat(svg.split("<rect ", -1)).hasSize(1 + 1 + 2 + 8);
        assertThat(svg).contains(">3,000<").contains(">600<").contains(">490<").contains("hot-reads")
                .contains("cached content").contains("trivial endpoint");
    }

    @Test
    void mainWritesTheSummaryFilesAndTheChartCopy() throws Exception {
        copyFixture();
        Path chart = results.resolve("copy.svg");

        Summary.main(new String[] {results.toString(), chart.toString()});

        assertThat(results.resolve("summary.md")).content().contains("| hot-reads | off | trivial endpoint |");
        assertThat(results.resolve("summary.json")).content().contains("\"throughput\" : 3000.0");
        assertThat(chart).hasSameTextualContentAs(results.resolve("performance-modes.svg"));
    }

    @Test
    void percentilesAreNearestRank() {
        Measurements measurements = new Measurements();
        for (long ms = 1; ms <= 200; ms++) {
            measurements.record("row", ms, ms != 7);
        }
        measurements.record("row", null, false);

        Measurements.Stats stats = measurements.stats("row");

        assertThat(stats.requests()).isEqualTo(201);
        assertThat(stats.errors()).isEqualTo(2);
        assertThat(stats.p50()).isEqualTo(100);
        assertThat(stats.p95()).isEqualTo(190);
        assertThat(stats.p99()).isEqualTo(198);
        assertThat(measurements.stats("nothing").requests()).isZero();
    }

    private void copyFixture() throws Exception {
        Path runs = Files.createDirectories(results.resolve("runs"));
        for (String name : new String[] {"hot-reads-optimized.json", "hot-reads-off.json"}) {
            try (var in = getClass().getResourceAsStream("/fixture/runs/" + name)) {
                Files.copy(in, runs.resolve(name));
            }
        }
    }
}
