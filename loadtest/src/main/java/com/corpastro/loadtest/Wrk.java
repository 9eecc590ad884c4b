package com.corpastro.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code wrk} load generator (Debian's package) driven from Java: fixed connections, each sending
 * its next request as soon as the answer is read, from a list of requests picked at random. Its client
 * costs a few microseconds of CPU per request, where Gatling's, on the same two cores, costs several
 * times what the service does: a ceiling measured through Gatling compares clients more than servers.
 *
 * <p>Each run writes its latency distribution (microseconds, wrk's percentiles at every 0.1%, each standing
 * for 0.1% of the requests) to a file that {@link #run} reads back into {@link Measurements}, in whole
 * milliseconds as Gatling records them.
 */
public final class Wrk {

    private static final Logger log = LoggerFactory.getLogger(Wrk.class);

    private final String executable;
    private final Path workDirectory;
    private int runs;

    private Wrk(String executable, Path workDirectory) {
        this.executable = executable;
        this.workDirectory = workDirectory;
    }

    /**
     * wrk from {@code loadtest.wrk} (default {@code wrk} on the PATH), or null when it does not start:
     * the caller then measures with Gatling.
     */
    public static Wrk find(Path workDirectory) {
        String executable = System.getProperty("loadtest.wrk", "wrk").trim();
        try {
            Process probe = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
            String version = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!probe.waitFor(10, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return null;
            }
            Files.createDirectories(workDirectory);
            log.info("event=wrk_found executable={} version=\"{}\"", executable, version.lines().findFirst().orElse(""));
            return new Wrk(executable, workDirectory);
        } catch (IOException e) {
            log.info("event=wrk_absent executable={} error=\"{}\"", executable, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One request wrk may send: a path with its query, and its headers. */
    public record Request(String path, Map<String, String> headers) {
    }

    /**
     * Sends requests picked at random from {@code requests} to {@code baseUrl} over {@code connections}
     * connections on two threads (one for a single connection) for {@code duration}, and records each response time under {@code row}
     * (null: a warm-up, nothing recorded). A non-2xx answer and a socket error count as errors.
     *
     * @return the requests completed
     */
    public long run(String baseUrl, List<Request> requests, int connections, Duration duration,
            Measurements measurements, String row) {
        int run = ++runs;
        Path script = workDirectory.resolve("wrk-" + run + ".lua");
        Path histogram = workDirectory.resolve("wrk-" + run + ".txt");
        try {
            Files.writeString(script, script(requests, histogram));
            Process process = new ProcessBuilder(executable, "-t" + Math.min(2, connections), "-c" + connections, "-d" + duration.toSeconds() + "s",
                    "--timeout", "10s", "-s", script.toString(), baseUrl).redirectErrorStream(true)
                    .redirectOutput(workDirectory.resolve("wrk-" + run + ".log").toFile()).start();
            if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("wrk did not end within " + duration.plusSeconds(60) + ": " + script);
            }
            if (process.exitValue() != 0 || !Files.exists(histogram)) {
                throw new IllegalStateException("wrk failed (exit " + process.exitValue() + "), see "
                        + workDirectory.resolve("wrk-" + run + ".log"));
            }
            return record(Files.readAllLines(histogram), measurements, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads wrk's "requests N", "errors N" and "us count" lines into {@code measurements}. */
    static long record(List<String> lines, Measurements measurements, String row) {
        long requests = 0;
        long errors = 0;
        List<long[]> latencies = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 2) {
                continue;
            }
            switch (parts[0]) {
                case "requests" -> requests = Long.parseLong(parts[1]);
                case "errors" -> errors = Long.parseLong(parts[1]);
                default -> latencies.add(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
            }
        }
        if (row != null) {
            long recorded = 0;
            for (long[] latency : latencies) {
                for (long i = 0; i < latency[1]; i++) {
                    measurements.record(row, latency[0] / 1000, recorded++ >= errors);
                }
            }
            for (long i = recorded; i < requests; i++) {
                measurements.record(row, null, i >= errors);
            }
        }
        return requests;
    }

    private static String script(List<Request> requests, Path histogram) {
        StringBuilder lua = new StringBuilder("local raw = {\n");
        for (Request request : requests) {
            lua.append("  {").append(quoted(request.path())).append(", {");
            request.headers().forEach((name, value) -> lua.append('[').append(quoted(name)).append("] = ")
                    .append(quoted(value)).append(", "));
            lua.append("}},\n");
        }
        lua.append("""
                }
                local formatted = {}
                function init(args)
                  for i, r in ipairs(raw) do formatted[i] = wrk.format("GET", r[1], r[2]) end
                  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
                end
                function request()
                  return formatted[math.random(#formatted)]
                end
                function done(summary, latency, requests)
                  local out = io.open(HISTOGRAM, "w")
                  local e = summary.errors
                  out:write("requests ", summary.requests, "\\n")
                  out:write("errors ", e.connect + e.read + e.write + e.status + e.timeout, "\\n")
                  -- wrk's script API gives percentiles, not its histogram: the distribution at 0.1% steps
                  local n = summary.requests
                  for k = 1, 1000 do
                    local count = math.floor(n * k / 1000 + 0.5) - math.floor(n * (k - 1) / 1000 + 0.5)
                    local value = k < 1000 and latency:percentile(k / 10) or latency.max
                    if count > 0 then out:write(string.format("%d %d\\n", value, count)) end
                  end
                  out:close()
                end
                """.replace("HISTOGRAM", quoted(histogram.toString())));
        return lua.toString();
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
