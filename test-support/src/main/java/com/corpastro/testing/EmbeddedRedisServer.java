package com.corpastro.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import redis.embedded.RedisServer;

/**
 * A real Redis server for tests and benchmarks, from {@code com.github.codemonstur:embedded-redis},
 * on a free loopback port, without persistence. It can be stopped and started again on the same
 * port to test what happens while Redis is down, or {@linkplain #pause() paused} to test a hung Redis.
 *
 * <pre>{@code
 * try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
 *     RedisClient client = RedisClient.create(redis.url());
 * }
 * }</pre>
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private final int port;
    private final RedisServer server;
    private final Path pidFile;
    private volatile boolean paused;

    private EmbeddedRedisServer(int port, RedisServer server, Path pidFile) {
        this.port = port;
        this.server = server;
        this.pidFile = pidFile;
    }

    /** Starts a new server on a free port; close it to stop it. */
    public static EmbeddedRedisServer start() {
        int port = freePort();
        try {
            Path pidFile = Files.createTempFile("corp-astro-redis-" + port + "-", ".pid");
            pidFile.toFile().deleteOnExit();
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("pidfile " + pidFile.toAbsolutePath())
                    .onShutdownForceStop(true)
                    .build();
            EmbeddedRedisServer redis = new EmbeddedRedisServer(port, server, pidFile);
            redis.restart();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis on port " + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Whether the server process is running. */
    public boolean isRunning() {
        return server.isActive();
    }

    /**
     * Freezes the server process with {@code SIGSTOP}: connections stay open, new ones reach the
     * listen backlog, and no command is answered until {@link #resume()}.
     */
    public synchronized void pause() {
        ProcessSignals.stopTree(pid());
        paused = true;
    }

    /** Lets a {@linkplain #pause() paused} server run again; it answers what it was sent meanwhile. */
    public synchronized void resume() {
        if (paused) {
            ProcessSignals.continueTree(pid());
            paused = false;
        }
    }

    /** Whether the server is {@linkplain #pause() paused}. */
    public boolean isPaused() {
        return paused;
    }

    /** The pid of the running server process, from the pid file it writes at start-up. */
    public long pid() {
        if (!server.isActive()) {
            throw new IllegalStateException("Redis on port " + port + " is stopped");
        }
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid file of Redis on port " + port + " at " + pidFile, e);
        }
    }

    /** Stops the server process; {@link #restart()} brings it back, empty, on the same port. */
    public synchronized void stop() {
        if (!server.isActive()) {
            return;
        }
        resume();
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded Redis on port " + port, e);
        }
        // The process may take a moment to let go of its port; a restart right away would not bind.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (accepting() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Starts the server process again on the same port, with no data. */
    public void restart() {
        if (server.isActive()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                server.start();
                return;
            } catch (IOException e) {
                boolean portBusy = false;
                for (Throwable t = e; t != null; t = t.getCause()) {
                    portBusy |= String.valueOf(t.getMessage()).contains("Address already in use");
                }
                if (!portBusy || System.nanoTime() > deadline) {
                    throw new UncheckedIOException("could not start embedded Redis on port " + port, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
