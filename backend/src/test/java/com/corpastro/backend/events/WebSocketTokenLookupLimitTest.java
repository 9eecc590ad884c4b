package com.corpastro.backend.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.backend.support.TokenLookups;
import com.corpastro.performance.db.QueryAnalyzer;

/**
 * A WebSocket's first-message auth draws on the client IP's token-lookup bucket like an HTTP
 * request does: invented tokens beyond the bucket close 1013 {@code rate_limited} and never reach
 * the database. Its own context (a bucket of 3 a minute, its own database), so no other test
 * shares the buckets.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:ws-token-lookups;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "corp-astro.demo.enabled=false", "corp-astro.auth.token-lookups-per-minute=3" })
class WebSocketTokenLookupLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    QueryAnalyzer queries;

    @Test
    void inventedTokensInTheAuthMessageBeyondTheBucketClose1013WithoutALookup() {
        long before = tokenSelects();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try (WsClient socket = WsClient.connect("http://127.0.0.1:" + port, null)) {
                socket.send("{\"type\":\"auth\",\"token\":\"" + TokenLookups.randomToken() + "\"}");
                await().atMost(WAIT).until(() -> socket.closeCode != null);
                reasons.add(socket.closeCode + " " + socket.closeReason);
            }
        }

        // The bucket holds 3 (and refills one every 20 s): the first invented tokens are looked up
        // and refused as unknown, the rest are refused before the database.
        assertThat(reasons.subList(0, 3)).containsOnly("1008 invalid_token");
        assertThat(reasons.subList(5, 8)).containsOnly("1013 rate_limited");
        assertThat(tokenSelects() - before).isBetween(3L, 5L);
    }

    private long tokenSelects() {
        return TokenLookups.tokenSelects(queries);
    }
}
