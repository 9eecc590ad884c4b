package com.corpastro.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare comparison app ({@link com.corpastro.loadtest.bare.BareApp}, the loadtest module's
 * {@code -bare} jar) as its own JVM, with the service's JVM options, on a free port, answering the
 * bodies it is given: the service's own answer in each coding, so the bytes on the wire are the same.
 */
public final class BareEndpoint implements AutoCloseable {

    /** The codings the ceiling compares, in the order they are measured. */
    public static final List<String> CODINGS = List.of("identity", "gzip", "br");

    private static final Logger log = LoggerFactory.getLogger(BareEndpoint.class);

    private final Path jar;
    private final List<String> jvmOptions;
    private final Path logFile;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private Process process;
    private Thread stopOnExit;

    public BareEndpoint(Path jar, List<String> jvmOptions, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("bare app jar not found: " + jar
                    + " (build it with ./mvnw -pl loadtest -am package -DskipTests)");
        }
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFile = logFile;
        this.port = ServiceUnderTest.freePort();
    }

    /** {@code http://localhost:<port>/bare}, known before the app starts. */
    public String url() {
        return "http://localhost:" + port + "/bare";
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Writes {@code bodies} (by coding: identity, gzip, br) next to the log and starts the app on them;
     * returns once it answers.
     */
    public void start(Map<String, byte[]> bodies) {
        long started = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        try {
            Files.createDirectories(logFile.getParent());
            for (String coding : CODINGS) {
                byte[] body = bodies.get(coding);
                if (body == null) {
                    throw new IllegalArgumentException("no " + coding + " body among " + bodies.keySet());
                }
                Path file = logFile.resolveSibling("bare-body." + coding);
                Files.write(file, body);
                command.add("--bare.body." + coding + "=" + file);
            }
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile())).start();
            // Should the load-test JVM end without closing this, the app must not outlive it.
            stopOnExit = ChildProcesses.stopOnExit(this::stop, "bare-endpoint-stop");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        awaitReady(Duration.ofMinutes(1));
        log.info("event=bare_started port={} pid={} jvm=\"{}\" log={} ms={}", port, process.pid(),
                String.join(" ", jvmOptions), logFile, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** One answer of the app with {@code Accept-Encoding: acceptEncoding}, as sent. */
    public ServiceUnderTest.Answer fetch(String acceptEncoding) {
        try {
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(url()))
                    .header("Accept-Encoding", acceptEncoding).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new ServiceUnderTest.Answer(answer.statusCode(),
                    answer.headers().firstValue("Content-Encoding").orElse("identity"), answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the bare app exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (fetch("identity").status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the bare app did not answer within " + timeout + "; see " + logFile);
    }

    @Override
    public void close() {
        ChildProcesses.forget(stopOnExit);
        stop();
    }

    private synchronized void stop() {
        if (ChildProcesses.stop(process, Duration.ofSeconds(20))) {
            log.info("event=bare_stopped pid={}", process.pid());
        }
    }
}
