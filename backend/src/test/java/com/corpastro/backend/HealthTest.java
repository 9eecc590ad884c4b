package com.corpastro.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Postgres;
import com.corpastro.performance.memory.MemoryManager;
import com.corpastro.testing.EmbeddedRedisServer;

import tools.jackson.databind.JsonNode;

/**
 * /actuator/health over real HTTP with PostgreSQL and Redis: the components, no details for
 * anonymous callers, and the probes: readiness refuses traffic while the memory manager sheds
 * load, liveness stays UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HealthTest {

    private static final EmbeddedRedisServer REDIS = EmbeddedRedisServer.start();

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        Postgres.newDatabase(registry);
        registry.add("corp-astro.cache.redis.url", REDIS::url);
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MemoryManager memory;

    @AfterEach
    void recover() {
        memory.observe(0.1);
    }

    @Test
    void healthListsTheDatabaseRedisGeneratorAndMemoryWithoutDetails() {
        Response health = new Api(port).get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        JsonNode json = health.json();
        assertThat(json.get("status").asString()).isEqualTo("UP");
        JsonNode components = json.get("components");
        assertThat(components.propertyNames()).contains("corpAstroDatabase", "redis", "contentGenerator", "memory",
                "livenessState", "readinessState");
        for (String name : new String[] {"corpAstroDatabase", "redis", "contentGenerator", "memory"}) {
            assertThat(components.get(name).get("status").asString()).as(name).isEqualTo("UP");
            assertThat(components.get(name).has("details")).as(name + " details are not public").isFalse();
        }
    }

    @Test
    void readinessIsRefusedWhileMemoryLoadIsShedAndLivenessStaysUp() {
        Api api = new Api(port);
        assertThat(api.get("/actuator/health/readiness", null).json().get("status").asString()).isEqualTo("UP");

        // Simulated through the manager's API; re-observed at each poll, since a real GC would measure the real heap.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            memory.observe(0.95);
            Response readiness = api.get("/actuator/health/readiness", null);
            assertThat(readiness.status()).isEqualTo(503);
            assertThat(readiness.json().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        });
        Response liveness = api.get("/actuator/health/liveness", null);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asString()).isEqualTo("UP");

        memory.observe(0.1);
        Response ready = api.get("/actuator/health/readiness", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("UP");
    }
}
