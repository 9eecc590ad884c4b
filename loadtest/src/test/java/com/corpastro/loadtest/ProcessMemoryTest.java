package com.corpastro.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void rssIsVmRssOfTheStatusInBytes() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmRSS:\t  123456 kB", "Threads:\t42");

        assertThat(ProcessMemory.rssBytes(status)).isEqualTo(123_456L * 1024);
        assertThat(ProcessMemory.rssBytes(List.of("Name:\tkthreadd"))).isEqualTo(-1);
    }

    @Test
    void anRssInAnUnknownUnitIsRefusedWithTheLine() {
        assertThatThrownBy(() -> ProcessMemory.rssBytes(List.of("VmRSS:\t 12 MB")))
                .hasMessage("VmRSS in an unknown unit: 'VmRSS:\t 12 MB'");
    }

    @Test
    void theRssOfThisProcessIsReadFromProc() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc on this system");

        long rss = ProcessMemory.rssBytes(ProcessHandle.current().pid());

        assertThat(rss).isGreaterThan(1024 * 1024).isLessThan(Runtime.getRuntime().maxMemory() * 4 + (1L << 30));
        assertThat(ProcessMemory.rssBytes(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void theSamplerKeepsTheHighestAndTheMeanOfItsSamples() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc on this system");

        ProcessMemory.RssFigures figures = new ProcessMemory.RssSampler(ProcessHandle.current().pid(),
                Duration.ofMillis(1)).start().stop();

        assertThat(figures.samples()).isPositive();
        assertThat(figures.maxBytes()).isPositive().isGreaterThanOrEqualTo(figures.meanBytes());
        assertThat(figures.meanBytes()).isPositive();
    }

    @Test
    void aSamplerNeedsAPositiveInterval() {
        assertThatThrownBy(() -> new ProcessMemory.RssSampler(1, Duration.ZERO))
                .hasMessage("interval must be > 0, was PT0S");
    }
}
