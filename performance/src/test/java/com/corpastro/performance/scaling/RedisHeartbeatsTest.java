package com.corpastro.performance.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.corpastro.testing.EmbeddedRedisServer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

class RedisHeartbeatsTest {

    private static final Duration TTL = Duration.ofSeconds(15);
    private static EmbeddedRedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void nodesSeeEachOtherAndTheirUtilizationUntilAHeartbeatIsOlderThanTheTtl() {
        try (RedisHeartbeats a = heartbeats("nodes-1", null); RedisHeartbeats b = heartbeats("nodes-1", null)) {
            a.heartbeat("a", 0.5, 1_000_000);
            List<NodeLoad> seenByB = b.heartbeat("b", 1.5, 1_001_000);
            assertThat(seenByB).containsExactlyInAnyOrder(new NodeLoad("a", 0.5), new NodeLoad("b", 1.5));

            assertThat(b.heartbeat("b", 1.0, 1_000_000 + TTL.toMillis() + 1)).as("a's beat expired")
                    .containsExactly(new NodeLoad("b", 1.0));
            assertThat(a.heartbeat("a", 0.4, 1_000_000 + TTL.toMillis() + 2)).as("and was deleted")
                    .containsExactlyInAnyOrder(new NodeLoad("a", 0.4), new NodeLoad("b", 1.0));
        }
    }

    @Test
    void aNodeThatLeavesIsNoLongerCounted() {
        try (RedisHeartbeats a = heartbeats("nodes-2", null); RedisHeartbeats b = heartbeats("nodes-2", null)) {
            a.heartbeat("a", 0.5, 1_000);
            b.heartbeat("b", 0.5, 1_000);
            a.leave("a");
            assertThat(b.heartbeat("b", 0.5, 2_000)).extracting(NodeLoad::nodeId).containsExactly("b");
        }
    }

    @Test
    void whileTheSharedCircuitIsOpenTheNodesLastSeenCountUntilTheirTtl() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("redis");
        try (RedisHeartbeats a = heartbeats("nodes-3", null); RedisHeartbeats b = heartbeats("nodes-3", breaker)) {
            a.heartbeat("a", 2.0, 1_000);
            assertThat(b.heartbeat("b", 1.0, 1_000)).hasSize(2);
            breaker.transitionToOpenState();
            a.leave("a");
            assertThat(b.heartbeat("b", 1.0, 2_000)).as("Redis not asked: a still counts").hasSize(2);
            assertThat(b.heartbeat("b", 1.0, 1_000 + TTL.toMillis() + 1)).extracting(NodeLoad::nodeId)
                    .containsExactly("b");
        }
    }

    @Test
    void withRedisDownANodeCountsTheNodesLastSeenThenItselfOnly() {
        EmbeddedRedisServer gone = EmbeddedRedisServer.start();
        try (RedisHeartbeats a = new RedisHeartbeats(gone.url(), "nodes-4", TTL, Duration.ofMillis(300), null);
                RedisHeartbeats b = new RedisHeartbeats(gone.url(), "nodes-4", TTL, Duration.ofMillis(300), null)) {
            a.heartbeat("a", 2.0, 1_000);
            assertThat(b.heartbeat("b", 1.0, 1_000)).hasSize(2);
            gone.close();
            assertThat(b.heartbeat("b", 1.0, 2_000)).hasSize(2);
            assertThat(b.heartbeat("b", 1.0, 1_000 + TTL.toMillis() + 1)).extracting(NodeLoad::nodeId)
                    .containsExactly("b");
        }
    }

    private static RedisHeartbeats heartbeats(String key, CircuitBreaker breaker) {
        return new RedisHeartbeats(redis.url(), key, TTL, Duration.ofSeconds(2), breaker);
    }
}
