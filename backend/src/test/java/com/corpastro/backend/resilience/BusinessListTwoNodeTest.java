package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.corpastro.backend.resilience.ClientLoad.Client;
import com.corpastro.backend.resilience.ClientLoad.Reply;
import com.corpastro.performance.cache.CacheManager;

import tools.jackson.databind.JsonNode;

/**
 * GET /api/businesses on two instances sharing Redis and PostgreSQL: the list one instance cached
 * shows a business created, changed or imported through the other within a second.
 */
class BusinessListTwoNodeTest {

    @Test
    void listCachedOnOneInstanceShowsCreateUpdateAndImportThroughTheOtherWithinASecond() {
        try (TwoNodeCluster cluster = TwoNodeCluster.start(Map.of())) {
            Client onA = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(0)))).client(0);
            Client onB = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(1)))).client(0);
            JsonNode owner = onA.signUp("Lister", Map.of());
            String token = owner.get("apiToken").asString();
            long ownerId = owner.get("id").asLong();
            long first = onA.createBusiness(token, "Alpha", "2011-06-01T08:00:00Z");

            CacheManager cacheOfB = cluster.node(1).bean(CacheManager.class);
            String firstPage = "business-list:" + ownerId + ":0:21";
            assertThat(names(onB, token)).containsExactly("Alpha");
            // B answered from the query result it cached (tagged business-list:<owner>), not from a fresh read.
            assertThat(cacheOfB.get(firstPage, List.class)).isPresent();

            onA.createBusiness(token, "Beta", "2011-06-01T08:00:00Z");
            droppedWithinASecond(cacheOfB, firstPage);
            assertThat(names(onB, token)).containsExactly("Alpha", "Beta");

            Reply patched = onA.send("patch", "PATCH", "/api/businesses/" + first, token, "{\"name\":\"Alpha Two\"}",
                    Map.of());
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            droppedWithinASecond(cacheOfB, firstPage);
            assertThat(names(onB, token)).containsExactly("Alpha Two", "Beta");

            Reply imported = onA.send("import", "POST", "/api/admin/businesses/import", TwoNodeCluster.ADMIN_TOKEN,
                    "[{\"externalId\":\"list-" + ownerId + "\",\"ownerId\":" + ownerId + ",\"name\":\"Imported\","
                            + "\"foundedAt\":\"2001-01-01T00:00:00Z\",\"latitude\":10,\"longitude\":20}]", Map.of());
            assertThat(imported.status()).as(imported.body()).isEqualTo(200);
            droppedWithinASecond(cacheOfB, firstPage);
            assertThat(names(onB, token)).containsExactly("Alpha Two", "Beta", "Imported");

            Reply byAdmin = onB.get("list", "/api/businesses?ownerId=" + ownerId, TwoNodeCluster.ADMIN_TOKEN);
            assertThat(byAdmin.json().get("items").findValuesAsString("name"))
                    .containsExactly("Alpha Two", "Beta", "Imported");
        }
    }

    /**
     * B's cached page is gone within a second of the change's answer. Looked up in B's cache rather than
     * through B's HTTP API, so that a slow request on a busy machine is not taken for a slow invalidation.
     */
    private static void droppedWithinASecond(CacheManager cacheOfB, String key) {
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                .until(() -> cacheOfB.get(key, List.class).isEmpty());
    }

    private static List<String> names(Client client, String token) {
        Reply list = client.get("list", "/api/businesses", token);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().get("items").findValuesAsString("name");
    }
}
