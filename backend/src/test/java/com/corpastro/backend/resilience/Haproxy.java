package com.corpastro.backend.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's HAProxy in front of service nodes, as the README's deployment has it: round robin,
 * health checks of {@code /actuator/health/readiness} every 500 ms (down after 2 failures, each
 * answer awaited up to 5 s),
 * retries of connection failures only (HAProxy's default, no {@code retry-on}), each response
 * naming its node in {@code X-Served-By}.
 */
final class Haproxy implements AutoCloseable {

    private final int port;
    private final Process process;
    private final Path log;

    private Haproxy(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** The haproxy binary, if installed. */
    static Optional<Path> binary() {
        for (String candidate : List.of("/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    static Haproxy start(Path binary, List<ServiceProcess> nodes, Path directory) {
        int port = ServiceProcess.freePort();
        String servers = nodes.stream().map(node -> "    server " + node.name() + " 127.0.0.1:" + node.port() + " check")
                .collect(Collectors.joining("\n"));
        String config = """
                global
                    maxconn 1024
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    retries 3
                    option redispatch
                    # A check waits up to 5 s for its answer (without this, up to the 500 ms interval):
                    # on a busy machine a slow readiness answer must not take a serving node out.
                    timeout check 5s
                frontend api
                    bind 127.0.0.1:%d
                    default_backend nodes
                backend nodes
                    balance roundrobin
                    option httpchk GET /actuator/health/readiness
                    http-check expect status 200
                    default-server inter 500ms fall 2 rise 2
                    http-response set-header X-Served-By %%s
                %s
                """.formatted(port, servers);
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve("haproxy.cfg");
            Files.writeString(file, config);
            Path log = directory.resolve("haproxy.log");
            Process process = new ProcessBuilder(binary.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Haproxy(port, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start haproxy", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
