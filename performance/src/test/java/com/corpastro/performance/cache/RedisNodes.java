package com.corpastro.performance.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import com.corpastro.testing.EmbeddedRedisServer;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * One real Redis for a test class, a raw connection to look into it, a fresh namespace per test
 * and the cache nodes a test made, closed after it.
 */
abstract class RedisNodes {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    static EmbeddedRedisServer redis;
    static RedisClient raw;
    static StatefulRedisConnection<String, String> rawConnection;

    final List<AutoCloseable> closeables = new ArrayList<>();
    final String namespace = "test" + NAMESPACES.incrementAndGet();

    @BeforeAll
    static void startRedis() {
        redis = EmbeddedRedisServer.start();
        raw = RedisClient.create(redis.url());
        rawConnection = raw.connect();
    }

    @AfterAll
    static void stopRedis() {
        rawConnection.close();
        raw.shutdown();
        redis.close();
    }

    @AfterEach
    void closeNodes() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }
}
