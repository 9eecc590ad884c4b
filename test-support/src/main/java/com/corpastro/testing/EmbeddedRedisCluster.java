package com.corpastro.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
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
        List<Integer> ports = List.of(EmbeddedRedisServer.freePort(), EmbeddedRedisServer.freePort(),
                EmbeddedRedisServer.freePort());
        try {
            RedisShardedCluster cluster = RedisShardedCluster.newRedisCluster()
                    .withServerBuilder(new RedisServerBuilder()
                            .bind("127.0.0.1")
                            .setting("save \"\"")
                            .setting("appendonly no")
                            .onShutdownForceStop(true))
                    .shard("master1", 0)
                    .shard("master2", 0)
                    .shard("master3", 0)
                    .serverPorts(ports)
                    .initializationTimeout(Duration.ofSeconds(20))
                    .build();
            cluster.start();
            return new EmbeddedRedisCluster(cluster, List.copyOf(cluster.serverPorts()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Redis cluster on ports " + ports, e);
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
