package com.corpastro.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import redis.embedded.RedisShardedCluster;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis Cluster of three masters (no replicas) for tests, from
 * {@code com.github.codemonstur:embedded-redis}, on free ports.
 *
 * <pre>{@code
 * try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
 *     RedisClusterClient client = RedisClusterClient.create(cluster.urls());
 * }
 * }</pre>
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private final RedisShardedCluster cluster;
    private final List<Integer> ports;

    private EmbeddedRedisCluster(RedisShardedCluster cluster, List<Integer> ports) {
        this.cluster = cluster;
        this.ports = ports;
    }

    /** Starts three masters that share the 16384 slots; close it to stop them. */
    public static EmbeddedRedisCluster start() {
        try {
            // Ephemeral ports in the range where port + 10000 (the cluster bus) is still a valid port.
            RedisShardedCluster cluster = RedisShardedCluster.newRedisCluster()
                    .withServerBuilder(new RedisServerBuilder()
                            .bind("127.0.0.1")
                            .setting("save \"\"")
                            .setting("appendonly no")
                            .onShutdownForceStop(true))
                    .ephemeralServers()
                    .shard("master1", 0)
                    .shard("master2", 0)
                    .shard("master3", 0)
                    .initializationTimeout(Duration.ofSeconds(20))
                    .build();
            cluster.start();
            EmbeddedRedisCluster started = new EmbeddedRedisCluster(cluster, List.copyOf(cluster.serverPorts()));
            started.awaitClusterOk();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis cluster", e);
        }
    }

    /** Waits until every master reports {@code cluster_state:ok}: slots assigned and the nodes agreeing. */
    private void awaitClusterOk() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int port : ports) {
            while (!clusterStateOk(port)) {
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException("embedded Redis cluster on ports " + ports + " did not reach cluster_state:ok");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private static boolean clusterStateOk(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("CLUSTER INFO\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            in.readLine();
            String line = in.readLine();
            return line != null && line.startsWith("cluster_state:ok");
        } catch (IOException e) {
            return false;
        }
    }

    /** The masters' ports. */
    public List<Integer> ports() {
        return ports;
    }

    /** {@code redis://127.0.0.1:<port>} for each master. */
    public List<String> urls() {
        return ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.toList());
    }

    @Override
    public void close() {
        try {
            cluster.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded Redis cluster", e);
        }
    }
}
