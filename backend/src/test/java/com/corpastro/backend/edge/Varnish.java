package com.corpastro.backend.edge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's varnishd (with vmod xkey from varnish-modules) running deploy/varnish/default.vcl, its
 * backend port replaced by the service's, on a free port of 127.0.0.1.
 */
final class Varnish implements AutoCloseable {

    private final int port;
    private final Process process;
    private final Path directory;
    private final Path log;

    private Varnish(int port, Process process, Path directory, Path log) {
        this.port = port;
        this.process = process;
        this.directory = directory;
        this.log = log;
    }

    /** varnishd, if installed with vmod xkey. */
    static Optional<Path> binary() {
        boolean xkey = List.of("/usr/lib/x86_64-linux-gnu/varnish/vmods", "/usr/lib/aarch64-linux-gnu/varnish/vmods",
                "/usr/lib/varnish/vmods", "/usr/local/lib/varnish/vmods").stream()
                .anyMatch(dir -> Files.exists(Path.of(dir, "libvmod_xkey.so")));
        for (String candidate : List.of("/usr/sbin/varnishd", "/usr/bin/varnishd", "/usr/local/sbin/varnishd")) {
            if (xkey && Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    /** Starts varnishd in front of the service on {@code backendPort}, in a new directory of its own. */
    static Varnish start(Path binary, Path vcl, int backendPort) {
        int port = freePort();
        try {
            // varnishd drops its privileges when started as root: its workers must reach and read the
            // directory, which JUnit's private temporary directories do not allow.
            Path directory = Files.createTempDirectory("corp-astro-varnish",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            String config = Files.readString(vcl).replace(".port = \"8080\";", ".port = \"" + backendPort + "\";");
            if (!config.contains(".port = \"" + backendPort + "\";")) {
                throw new IllegalStateException(vcl + " has no '.port = \"8080\";' to point at the service");
            }
            Path file = directory.resolve("default.vcl");
            Files.writeString(file, config);
            Path log = directory.resolve("varnishd.log");
            Process process = new ProcessBuilder(binary.toString(), "-F", "-n", directory.resolve("n").toString(),
                    "-a", "127.0.0.1:" + port, "-T", "none", "-f", file.toString(), "-s", "malloc,64m",
                    "-p", "thread_pools=1", "-p", "thread_pool_min=20")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Varnish(port, process, directory, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start varnishd", e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
