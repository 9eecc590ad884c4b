package com.corpastro.backend.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.testing.EmbeddedRedisServer;

/** Persisted queries live in the two-level cache: registered on one node, every node runs them. */
class PersistedQueriesTest {

    private static final String QUERY = "{ me { businesses { items { content(type: daily_horoscope) { body } } } } }";

    @Test
    void aQueryRegisteredOnOneNodeIsFoundOnAnotherThroughRedis() throws Exception {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start();
                TieredCacheManager nodeA = TieredCacheManager.builder().name("a").namespace("apq-test")
                        .redis(redis.url()).build();
                TieredCacheManager nodeB = TieredCacheManager.builder().name("b").namespace("apq-test")
                        .redis(redis.url()).build()) {
            GraphQlProperties properties = new GraphQlProperties();
            PersistedQueries onA = new PersistedQueries(nodeA, properties);
            PersistedQueries onB = new PersistedQueries(nodeB, properties);
            String hash = PersistedQueries.sha256(QUERY);

            assertThat(onB.find(hash)).isEmpty();
            onA.register(hash, QUERY);

            assertThat(onB.find(hash)).contains(QUERY);
            assertThat(onB.find(hash.toUpperCase())).as("hex in either case").contains(QUERY);
        }
    }

    @Test
    void theHashIsTheSha256OfTheUtf8TextAsApolloClientsComputeIt() {
        // printf '{ me { id } }' | sha256sum
        assertThat(PersistedQueries.sha256("{ me { id } }"))
                .isEqualTo("c53d78fa4c9c65a93967d42316fcd207fd611c7cac40a103820a866c3e5dd8f5");
    }
}
