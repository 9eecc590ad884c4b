package com.corpastro.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import redis.embedded.RedisServer;

/**
 * A real Redis server for tests and benchmarks, from {@code com.github.codemonstur:embedded-redis},
 * on a free loopback port, without persistence. It can be stopped and started again on the same
 * port to test what happens while Redis is down.
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

    private EmbeddedRedisServer(int port, RedisServer server) {
        this.port = port;
        this.server = server;
    }

    /** Starts a new server on a free port; close it to stop it. */
    public static EmbeddedRedisServer start() {
        int port = freePort();
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .onShutdownForceStop(true)
                    .build();
            EmbeddedRedisServer redis = new EmbeddedRedisServer(port, server);
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

    /** Stops the server process; {@link #restart()} brings it back, empty, on the same port. */
    public void stop() {
        if (!server.isActive()) {
            return;
        }
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
