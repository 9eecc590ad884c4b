package com.corpastro.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of a process the load test started: its resident set ({@code VmRSS} of
 * {@code /proc/<pid>/status}), a full GC through {@code jcmd <pid> GC.run}, and an {@link RssSampler}
 * that keeps the highest and mean RSS while a phase runs. Linux only; elsewhere the RSS is -1.
 */
public final class ProcessMemory {

    private ProcessMemory() {
    }

    /** The process's resident set in bytes, or -1 when {@code /proc} does not tell (not Linux, process gone). */
    public static long rssBytes(long pid) {
        try {
            return rssBytes(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code VmRSS} of the lines of a {@code /proc/<pid>/status} file, in bytes; -1 without one. */
    static long rssBytes(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                if (parts.length < 2 || !parts[1].equalsIgnoreCase("kB")) {
                    throw new IllegalArgumentException("VmRSS in an unknown unit: '" + line + "'");
                }
                return value * 1024;
            }
        }
        return -1;
    }

    /** Two full GCs of the process ({@code jcmd GC.run}), so that what is left in its heap is live. */
    public static void fullGc(long pid) {
        for (int i = 0; i < 2; i++) {
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(pid), "GC.run").redirectErrorStream(true).start();
                jcmd.getInputStream().readAllBytes();
                if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                    throw new IllegalStateException("jcmd " + pid + " GC.run failed");
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not run jcmd for " + pid, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The highest and the mean RSS a sampler saw, in bytes (-1 when it saw none). */
    public record RssFigures(long maxBytes, long meanBytes, int samples) {
    }

    /** Samples a process's RSS on a daemon thread every {@code interval} from {@link #start} to {@link #stop}. */
    public static final class RssSampler {

        private final long pid;
        private final long intervalMillis;
        private final AtomicLong max = new AtomicLong(-1);
        private final AtomicLong sum = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        public RssSampler(long pid, java.time.Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be > 0, was " + interval);
            }
            this.pid = pid;
            this.intervalMillis = interval.toMillis();
        }

        public synchronized RssSampler start() {
            running = true;
            thread = new Thread(this::run, "rss-sampler-" + pid);
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        /** Stops sampling (after one last sample) and answers what it saw. */
        public synchronized RssFigures stop() {
            running = false;
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(TimeUnit.SECONDS.toMillis(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sample();
            long n = samples.get();
            return new RssFigures(max.get(), n == 0 ? -1 : sum.get() / n, (int) n);
        }

        private void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException stopped) {
                    return;
                }
            }
        }

        private void sample() {
            long rss = rssBytes(pid);
            if (rss >= 0) {
                max.accumulateAndGet(rss, Math::max);
                sum.addAndGet(rss);
                samples.incrementAndGet();
            }
        }
    }
}
