package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.corpastro.backend.resilience.ClientLoad.Client;
import com.corpastro.backend.resilience.ClientLoad.Reply;
import com.corpastro.performance.cache.CacheStats;
import com.corpastro.performance.cache.TieredCacheManager;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import tools.jackson.databind.JsonNode;

/**
 * What a cached content read costs in Redis once its answer has left this node's L1, as it has for most
 * reads of a working set far larger than the L1 (issue 23's cost curve): Redis commands, counted by
 * Redis itself ({@code INFO commandstats}), and cache lookups per read. The tokens keep an L1 region of
 * their own ({@code corp-astro.cache.region-key-prefixes=user-token:}), which the answers cannot evict.
 */
class RedisTripsPerReadTest {

    private static final int OWNERS = 12;
    /**
     * Set to false in both tests: the rate limits stay on this node. Redis counts commands, not keys, and
     * the shared buckets write to it on their own schedule (a bucket left unsynced for 2 s, as a per-owner
     * one is when a round of reads runs slow on a busy machine, is written back with a SET, or an EVAL once
     * it exists).
     */
    private static final String LIMITS_IN_REDIS = "corp-astro.http.rate-limit.redis-enabled";
    private static final String DATE = "2030-03-03";

    @Test
    void aContentAnswerIsStoredOnItsSecondReadAndAReadPastTheL1CostsTwoGetsTheTokenAndTheStoredResponse() {
        try (TwoNodeCluster cluster = TwoNodeCluster.start(Map.of(LIMITS_IN_REDIS, "false"), 1);
                RedisClient redisClient = RedisClient.create(cluster.redis().url());
                StatefulRedisConnection<String, String> connection = redisClient.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            Client client = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(0)))).client(0);
            List<String[]> reads = ownersReads(client, "Reader", "daily_horoscope");
            // The first read generates (an answer saying fromCache=false is never stored), the second stores
            // it, in L1 and Redis, without looking up a generation: the response key carries no tag of its own.
            readAll(client, reads);
            redis.configResetstat();
            readAll(client, reads);
            Map<String, Long> storing = commandCalls(redis.info("commandstats"));
            assertThat(storing.getOrDefault("set", 0L)).as("%s", storing).isEqualTo(OWNERS);
            assertThat(storing).as("%s", storing).doesNotContainKey("mget");
            TieredCacheManager cache = cluster.node(0).bean(TieredCacheManager.class);
            cache.clearLocal();
            CacheStats before = cache.stats();
            redis.configResetstat();

            readAll(client, reads);

            Map<String, Long> commands = commandCalls(redis.info("commandstats"));
            CacheStats after = cache.stats();
            // Per read: the token's user and the stored response, each one GET; no business, content or
            // generation lookup (MGET), no store (SET, EVAL) behind it.
            assertThat(commands.getOrDefault("get", 0L)).as("%s", commands).isEqualTo(2L * OWNERS);
            assertThat(commands).as("%s", commands).doesNotContainKeys("mget", "set", "eval", "evalsha");
            assertThat(after.l1Misses() - before.l1Misses()).isEqualTo(2L * OWNERS);
            assertThat(after.l2Hits() - before.l2Hits()).isEqualTo(2L * OWNERS);
            assertThat(after.l2Misses() - before.l2Misses()).isZero();
            assertThat(after.loads() - before.loads()).isZero();
        }
    }

    @Test
    void onceTheStoredResponsesOutgrowTheL1AReadCostsOneGetTheTokensStayInTheirOwnRegion() {
        // An L1 smaller than one stored response: every answer is read from Redis, as most are for a working
        // set far larger than the L1. The tokens (12 users, about 7 KB) would not fit in it either.
        try (TwoNodeCluster cluster = TwoNodeCluster.start(Map.of("corp-astro.cache.maximum-weight", "4KB",
                LIMITS_IN_REDIS, "false"), 1);
                RedisClient redisClient = RedisClient.create(cluster.redis().url());
                StatefulRedisConnection<String, String> connection = redisClient.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            Client client = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(0)))).client(0);
            List<String[]> reads = ownersReads(client, "Region reader", "weekly_forecast");
            readAll(client, reads);
            readAll(client, reads);
            TieredCacheManager cache = cluster.node(0).bean(TieredCacheManager.class);
            CacheStats before = cache.stats();
            redis.configResetstat();

            readAll(client, reads);
            readAll(client, reads);

            Map<String, Long> commands = commandCalls(redis.info("commandstats"));
            CacheStats after = cache.stats();
            // Per read: the stored response, one GET; the token's user is an L1 hit.
            assertThat(commands.getOrDefault("get", 0L)).as("%s", commands).isEqualTo(2L * OWNERS);
            assertThat(commands).as("%s", commands).doesNotContainKeys("mget", "set", "eval", "evalsha");
            assertThat(after.l1Hits() - before.l1Hits()).as("the tokens").isEqualTo(2L * OWNERS);
            assertThat(after.l2Hits() - before.l2Hits()).isEqualTo(2L * OWNERS);
            assertThat(after.loads() - before.loads()).isZero();
        }
    }

    /** {@link #OWNERS} new owners with a business each, and the read of its content of {@code type}: path, token. */
    private static List<String[]> ownersReads(Client client, String name, String type) {
        List<String[]> reads = new ArrayList<>();
        for (int i = 0; i < OWNERS; i++) {
            JsonNode owner = client.signUp(name + " " + i, Map.of());
            String token = owner.get("apiToken").asString();
            long business = client.createBusiness(token, name + " " + i, "2011-06-01T08:00:00Z");
            reads.add(new String[] {"/api/businesses/" + business + "/content/" + type + "?date=" + DATE, token});
        }
        return reads;
    }

    private static void readAll(Client client, List<String[]> reads) {
        for (String[] read : reads) {
            Reply reply = client.get("read", read[0], read[1]);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
    }

    /** Calls per command since the last {@code CONFIG RESETSTAT}, from {@code INFO commandstats}. */
    private static Map<String, Long> commandCalls(String info) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                int calls0 = line.indexOf("calls=") + "calls=".length();
                calls.put(line.substring("cmdstat_".length(), line.indexOf(':')),
                        Long.parseLong(line.substring(calls0, line.indexOf(',', calls0))));
            }
        }
        return calls;
    }
}
