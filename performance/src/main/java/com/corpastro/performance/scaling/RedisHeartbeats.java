package com.corpastro.performance.scaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.logging.UrlCredentials;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * Node heartbeats in one Redis hash: field = node id, value = {@code <epoch millis> <utilization>}.
 * Each heartbeat writes this node's field, reads the others and deletes fields older than the TTL
 * (the hash itself expires after the TTL, should every node stop). While Redis cannot be reached
 * (or the shared {@code redis} circuit breaker is not closed) the nodes last seen count until
 * their heartbeats are older than the TTL; then only this node does.
 */
final class RedisHeartbeats implements ClusterView {

    private static final Logger log = LoggerFactory.getLogger(RedisHeartbeats.class);

    private final RedisClient client;
    private final String url;
    private final String key;
    private final long ttlMillis;
    private final CircuitBreaker breaker;
    private final Map<String, Beat> lastSeen = new HashMap<>();
    private StatefulRedisConnection<String, String> connection;
    private boolean failing;

    /**
     * @param breaker the shared {@code redis} circuit breaker, or {@code null}: heartbeats wait while it is not closed
     */
    RedisHeartbeats(String url, String key, Duration ttl, Duration timeout, CircuitBreaker breaker) {
        this.url = url;
        this.key = key;
        this.ttlMillis = ScalingPolicy.positive("heartbeatTtl", ttl).toMillis();
        this.breaker = breaker;
        try {
            this.client = RedisClient.create(url);
        } catch (IllegalArgumentException e) {
            // Lettuce's message may quote the URL, password included.
            throw new IllegalArgumentException("the scaling heartbeats' Redis URL is not valid, was '"
                    + UrlCredentials.redact(url) + "'");
        }
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(ScalingPolicy.positive("redisTimeout", timeout))
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    @Override
    public synchronized List<NodeLoad> heartbeat(String nodeId, double utilization, long wallMillis) {
        if (breaker == null || breaker.getState() == CircuitBreaker.State.CLOSED
                || breaker.getState() == CircuitBreaker.State.DISABLED) {
            try {
                RedisCommands<String, String> redis = commands();
                redis.hset(key, nodeId, wallMillis + " " + utilization);
                redis.pexpire(key, ttlMillis);
                Map<String, String> all = redis.hgetall(key);
                lastSeen.clear();
                List<String> stale = new ArrayList<>();
                all.forEach((node, value) -> {
                    Beat beat = Beat.parse(value);
                    if (beat == null || beat.millis() < wallMillis - ttlMillis) {
                        stale.add(node);
                    } else {
                        lastSeen.put(node, beat);
                    }
                });
                if (!stale.isEmpty()) {
                    redis.hdel(key, stale.toArray(String[]::new));
                }
                if (failing) {
                    failing = false;
                    log.info("event=scaling_heartbeats_recovered redis={} nodes={}", UrlCredentials.redact(url),
                            lastSeen.size());
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.warn("event=scaling_heartbeats_failed redis={} error=\"{}\" fallback=last_seen_nodes",
                            UrlCredentials.redact(url), e.getMessage());
                }
            }
        }
        lastSeen.put(nodeId, new Beat(wallMillis, utilization));
        List<NodeLoad> nodes = new ArrayList<>();
        lastSeen.forEach((node, beat) -> {
            if (beat.millis() >= wallMillis - ttlMillis) {
                nodes.add(new NodeLoad(node, beat.utilization()));
            }
        });
        return nodes;
    }

    @Override
    public synchronized void leave(String nodeId) {
        lastSeen.remove(nodeId);
        if (connection == null) {
            return; // never connected: no heartbeat of this node to remove
        }
        try {
            commands().hdel(key, nodeId);
            log.info("event=scaling_node_left node={}", nodeId);
        } catch (RuntimeException e) {
            log.warn("event=scaling_node_leave_failed node={} error=\"{}\"", nodeId, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private RedisCommands<String, String> commands() {
        if (connection == null || !connection.isOpen()) {
            connection = client.connect(StringCodec.UTF8);
        }
        return connection.sync();
    }

    /** One stored heartbeat. */
    private record Beat(long millis, double utilization) {

        /** The heartbeat in a stored value, or {@code null} when it is not one. */
        static Beat parse(String value) {
            int space = value.indexOf(' ');
            if (space <= 0) {
                return null;
            }
            try {
                return new Beat(Long.parseLong(value.substring(0, space)),
                        Double.parseDouble(value.substring(space + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
