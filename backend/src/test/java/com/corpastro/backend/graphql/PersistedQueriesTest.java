package com.corpastro.backend.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.testing.EmbeddedRedisServer;

/** Persisted queries live in the two-level cache: registered on one node, every node runs them. */
class PersistedQueriesTest {

    private static final String QUERY = "{ me { businesses { items { content(type: daily_horoscope) { body } } } } }";

    @Test
    void aQueryRegisteredOnOneNodeIsFoundOnAnotherThroughRedis() throws Exception {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start();
                TieredCacheManager nodeA = node("a", redis);
                TieredCacheManager nodeB = node("b", redis)) {
            GraphQlProperties properties = new GraphQlProperties();
            PersistedQueries onA = new PersistedQueries(nodeA, properties);
            PersistedQueries onB = new PersistedQueries(nodeB, properties);
            String hash = PersistedQueries.sha256(QUERY);

            assertThat(onB.find(hash)).isEmpty();
            onA.register(hash, QUERY);

            // B remembered the miss; A's write reaches it as a message, a moment later.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> onB.find(hash).isPresent());
            assertThat(onB.find(hash)).contains(QUERY);
            assertThat(onB.find(hash.toUpperCase())).as("hex in either case").contains(QUERY);
        }
    }

    /** A node whose Redis commands may take 2 s: at the default 50 ms a busy machine's slow answer counts as a failure. */
    private static TieredCacheManager node(String name, EmbeddedRedisServer redis) {
        return TieredCacheManager.builder().name(name).namespace("apq-test").redis(redis.url())
                .commandTimeout(Duration.ofSeconds(2)).build();
    }

    @Test
    void theHashIsTheSha256OfTheUtf8TextAsApolloClientsComputeIt() {
        // printf '{ me { id } }' | sha256sum
        assertThat(PersistedQueries.sha256("{ me { id } }"))
                .isEqualTo("c53d78fa4c9c65a93967d42316fcd207fd611c7cac40a103820a866c3e5dd8f5");
    }
}
