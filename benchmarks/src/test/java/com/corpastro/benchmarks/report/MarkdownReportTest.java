package com.corpastro.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.corpastro.benchmarks.report.MarkdownReport.Machine;
import com.corpastro.benchmarks.report.MarkdownReport.Result;

/** A small JMH JSON file (same fields as JMH 1.37 writes) in, markdown rows out. */
class MarkdownReportTest {

    private static final Machine MACHINE = new Machine("AMD EPYC 7B13", 2, "Linux 6.1", "3.10 / 2.50 / 2.20");

    private final List<Result> results = MarkdownReport.parse(fixture());
    private final String report = MarkdownReport.render(results, MACHINE, LocalDate.of(2026, 11, 26),
            MarkdownReport.BASELINES);

    @Test
    void readsEveryResultWithClassMethodParamsAndSecondaryMetrics() {
        assertThat(results).hasSize(10);
        Result br = results.get(6);
        assertThat(br.benchmarkClass()).isEqualTo("CompressionBenchmark");
        assertThat(br.method()).isEqualTo("compression");
        assertThat(br.params()).containsEntry("coding", "br-5");
        assertThat(br.secondary()).containsEntry("identityBytes", 120000.0).containsEntry("compressedBytes", 54000.0);
        assertThat(results.get(0).error()).isNaN();
        assertThat(results.get(2).median()).isEqualTo(17.0);
        assertThat(results.get(9).median()).isNaN();
    }

    @Test
    void headerNamesTheMachineTheJdkAndTheLoadOfTheRun() {
        assertThat(report).startsWith("# JMH results\n\nMachine: 2 cores, AMD EPYC 7B13, Linux 6.1; "
                + "JDK: OpenJDK 64-Bit Server VM 25.0.3 (25.0.3+9-LTS); 2026-11-26.\n"
                + "Load average (1 / 5 / 15 min) when the run ended: 3.10 / 2.50 / 2.20 (above the core count: ");
    }

    @Test
    void aLoadBelowTheCoreCountIsGivenWithoutAWarning() {
        String quiet = MarkdownReport.render(results, new Machine("AMD EPYC 7B13", 2, "Linux 6.1", "1.74 / 1.10 / 0.90"),
                LocalDate.of(2026, 11, 26), MarkdownReport.BASELINES);
        assertThat(quiet).contains("Load average (1 / 5 / 15 min) when the run ended: 1.74 / 1.10 / 0.90.\n")
                .doesNotContain("above the core count");
    }

    @Test
    void withoutALoadFigureTheHeaderSaysNothingAboutLoad() {
        String unknownLoad = MarkdownReport.render(results, new Machine("arm64", 8, "Mac OS X 15", ""),
                LocalDate.of(2026, 11, 26), MarkdownReport.BASELINES);
        assertThat(unknownLoad).contains("Machine: 8 cores, arm64, Mac OS X 15;").doesNotContain("Load average");
    }

    @Test
    void oneSectionPerBenchmarkClassWithItsRunSettings() {
        assertThat(report).contains("\n## BulkInsertBenchmark\n\n1 fork(s), warm-up 2 x single shot, "
                + "measurement 3 x single shot, 1 thread(s).\n\n"
                + "| benchmark | score | ± error | median | unit | time vs baseline |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
        assertThat(report.indexOf("## BulkInsertBenchmark")).isLessThan(report.indexOf("## CacheBenchmark"));
        assertThat(report).contains("\n## PerformanceMonitorBenchmark\n");
    }

    @Test
    void eachBenchmarkIsComparedWithItsRawBaselineAsARatioOfMedianTimes() {
        // medians 17.0 and 5.0 (the means, 18.6 and 5.5, would give 3.38x)
        assertThat(report).contains("| l1Hit | 18.6 | 1.20 | 17.0 | ns/op | 3.40x rawCaffeineGetIfPresent |\n")
                .contains("| rawCaffeineGetIfPresent | 5.50 | 0.3 | 5.00 | ns/op |  |\n");
    }

    @Test
    void unitsAreNormalisedBeforeComparing() {
        // 476 us against 250,000 ns
        assertThat(report).contains("| l2Hit | 476 | 1,007 | 476 | us/op | 1.90x rawLettuceGet |\n");
    }

    @Test
    void aSpeedUpSaysHowManyTimesFasterAndAMissingErrorIsNotAvailable() {
        assertThat(report).contains("| bulkInsert | 858 | n/a | 858 | ms/op | 0.044x (22.9x faster) rowByRow |\n")
                .contains("| rowByRow | 19,628 | 512 | 19,628 | ms/op |  |\n");
    }

    @Test
    void throughputIsComparedAsTimeAndPairedOnTheSameParameters() {
        assertThat(report)
                .contains("| benchmark | params | score | ± error | median | unit | time vs baseline | size vs identity |\n")
                // 20 against 25 responses/ms: 1.25x the time per response
                .contains("| compression | coding=br-5 | 20.0 | 0.5 | 20.0 | ops/ms | 1.25x rawLibrary | 45.0% |\n")
                // no raw gzip-6 in the file: no comparison rather than one with br-5
                .contains("| compression | coding=gzip-6 | 50.0 | 2.00 | 50.0 | ops/ms |  | 42.0% |\n")
                .contains("| rawLibrary | coding=br-5 | 25.0 | 0.5 | 25.0 | ops/ms |  | 45.0% |\n");
    }

    @Test
    void aClassWithoutBaselinesOrSizesHasNoSuchColumns() {
        assertThat(report).contains("| benchmark | params | score | ± error | median | unit |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: |\n"
                // no percentiles in the file for this one: no median
                + "| getAggregatedMetrics | agg=avg | 13.9 | 0.8 | n/a | ms/op |\n");
    }

    @Test
    void scoresKeepAboutThreeSignificantFigures() {
        assertThat(MarkdownReport.format(0.10249)).isEqualTo("0.102");
        assertThat(MarkdownReport.format(7.174)).isEqualTo("7.17");
        assertThat(MarkdownReport.format(14653.896)).isEqualTo("14,654");
        assertThat(MarkdownReport.format(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void timePerOperationFromEveryJmhUnit() {
        assertThat(MarkdownReport.nanosPerOp(2, "us/op")).isEqualTo(2_000);
        assertThat(MarkdownReport.nanosPerOp(4, "ops/ms")).isEqualTo(250_000);
        assertThat(MarkdownReport.nanosPerOp(1, "s/op")).isEqualTo(1e9);
        assertThat(MarkdownReport.nanosPerOp(1, "B/op")).isNaN();
    }

    @Test
    void aFileThatIsNotAResultArrayIsRefusedWithWhatItWas() {
        assertThatThrownBy(() -> MarkdownReport.parse("{\"benchmark\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was OBJECT");
    }

    private static String fixture() {
        try (InputStream in = MarkdownReportTest.class.getResourceAsStream("/report/jmh-result.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
