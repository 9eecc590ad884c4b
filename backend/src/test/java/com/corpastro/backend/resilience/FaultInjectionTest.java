package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.backend.resilience.ClientLoad.Client;
import com.corpastro.backend.resilience.ClientLoad.Outcome;
import com.corpastro.backend.resilience.ClientLoad.Reply;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.CacheStats;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.ratelimit.FallbackRateLimiter;
import com.corpastro.performance.ratelimit.RateLimiter;

import tools.jackson.databind.JsonNode;

/**
 * Fault injection on two real instances sharing one real Redis and one real PostgreSQL: a
 * bounded load of {@value #THREADS} client threads (content reads, business changes, sign-ups,
 * imports) runs while a part fails, and each scenario asserts what the clients saw and, after
 * recovery, that every write they saw acknowledged is stored whole. Each scenario logs one
 * {@code event=fault_scenario} line with its counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    private static final Logger log = LoggerFactory.getLogger(FaultInjectionTest.class);

    private static final int THREADS = 8;
    private static final List<String> FOUNDINGS = List.of("1990-01-15T09:00:00Z", "2001-06-30T18:30:00Z",
            "2011-06-01T08:00:00Z", "1975-03-03T03:03:00Z");
    private static final List<String> TYPES = List.of("daily_horoscope", "weekly_forecast", "monthly_outlook");
    private static final List<String> DATES = List.of("2026-03-04", "2027-08-15", "2030-12-31");
    /** Requests each phase runs for: enough for every operation of the mixed workload to occur. */
    private static final int REQUESTS_PER_PHASE = 150;
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(90);

    /** A user with a business the load only reads and one that only its client thread changes. */
    record Owner(long userId, String token, long readOnlyBusiness, long writableBusiness) {
    }

    record PatchAttempt(long businessId, String name, String foundedAt, boolean acknowledged) {
    }

    record ImportAttempt(String prefix, int rows, boolean acknowledged) {
    }

    /** The writes one scenario's clients attempted, in the order each thread sent them. */
    static final class Writes {
        final ConcurrentLinkedQueue<PatchAttempt> patches = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Map.Entry<String, Boolean>> signUps = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<ImportAttempt> imports = new ConcurrentLinkedQueue<>();
    }

    /** What the checks of stored data found. */
    record Integrity(int rowsChecked, int rowsLost, int halfWritten, List<String> problems) {
    }

    private TwoNodeCluster cluster;
    private final List<Owner> owners = new ArrayList<>();
    /** The stored natal chart of each founding instant, from businesses created with it. */
    private final Map<String, String> chartByFounding = new HashMap<>();
    private final AtomicLong clientAddresses = new AtomicLong();

    @BeforeAll
    void startCluster() throws SQLException {
        cluster = TwoNodeCluster.start(Map.of());
        ClientLoad setup = new ClientLoad(ClientLoad.roundRobin(t -> cluster.nodes()));
        Client client = setup.client(0);
        for (int i = 0; i < THREADS; i++) {
            JsonNode user = client.signUp("owner-" + i, Map.of("X-Forwarded-For", nextClientAddress()));
            String token = user.get("apiToken").asString();
            long readOnly = client.createBusiness(token, "Read-only " + i, FOUNDINGS.get(i % FOUNDINGS.size()));
            long writable = client.createBusiness(token, "Writable " + i, FOUNDINGS.get(0));
            owners.add(new Owner(user.get("id").asLong(), token, readOnly, writable));
        }
        try (Connection connection = cluster.database().getConnection();
                ResultSet rs = connection.createStatement().executeQuery(
                        "SELECT founded_at, natal_chart FROM businesses WHERE name LIKE 'Read-only %'")) {
            while (rs.next()) {
                chartByFounding.put(rs.getTimestamp(1).toInstant().toString(), rs.getString(2));
            }
        }
        assertThat(chartByFounding).hasSize(FOUNDINGS.size());
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void redisStoppedAndRestartedCausesNoErrorsAndTheL2HitRateReturns() throws Exception {
        Map<Long, Integer> revisions = revisions();
        Writes writes = new Writes();
        ClientLoad load = new ClientLoad(ClientLoad.roundRobin(t -> cluster.nodes()));
        warmUp(load);
        ClientLoad.Running running = load.start(THREADS, 1, mixedWorkload(writes));
        load.phase("before");
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);

        CacheStats[] beforeOutage = stats();
        cluster.redis().stop();
        load.phase("outage");
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);
        CacheStats[] duringOutage = stats();

        cluster.redis().restart();
        load.phase("recovery");
        awaitL2Serving();
        CacheStats[] recovered = stats();
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);
        // Both L1s were flushed, so a key one instance loads again is an L2 hit on the other; but each
        // instance refills its L1 from its first miss, and on a busy machine a phase's 150 requests
        // once read 30 keys with no key read on both instances. The load goes on until one is.
        Awaitility.await().atMost(PHASE_LIMIT).pollInterval(Duration.ofMillis(100))
                .until(() -> sum(stats(), CacheStats::l2Hits) - sum(duringOutage, CacheStats::l2Hits) > 1);
        CacheStats[] after = stats();
        // The hit rate once the caches refilled: right after the restart both levels are empty.
        load.phase("recovered");
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);
        CacheStats[] steady = stats();
        running.stop();

        List<Outcome> outcomes = load.outcomes();
        Integrity integrity = integrity(writes, revisions);
        long l2Errors = sum(duringOutage, CacheStats::l2Errors) - sum(beforeOutage, CacheStats::l2Errors);
        long l2ErrorsAfter = sum(after, CacheStats::l2Errors) - sum(recovered, CacheStats::l2Errors);
        // From the restart on: each instance flushes its L1 when its Redis circuit closes, so the reads
        // right after that are where L2 serves; by the time awaitL2Serving returns, L1 may have refilled.
        // Less the one L2 hit of awaitL2Serving's own probe.
        long l2Hits = sum(after, CacheStats::l2Hits) - sum(duringOutage, CacheStats::l2Hits) - 1;
        long l2Misses = sum(after, CacheStats::l2Misses) - sum(duringOutage, CacheStats::l2Misses);
        double l2HitRate = rate(l2Hits, l2Misses);
        double hitRateBefore = rate(sum(beforeOutage, CacheStats::hits), sum(beforeOutage, CacheStats::misses));
        double hitRateAfter = rate(sum(steady, CacheStats::hits) - sum(after, CacheStats::hits),
                sum(steady, CacheStats::misses) - sum(after, CacheStats::misses));
        report("redis_restart", outcomes, 1, integrity, String.format("l2_errors_during_outage=%d "
                + "l2_errors_after_restart=%d l2_hits_after_restart=%d l2_misses_after_restart=%d "
                + "l2_hit_rate_after_restart=%.2f hit_rate_before=%.2f hit_rate_after_restart=%.2f",
                l2Errors, l2ErrorsAfter, l2Hits, l2Misses, l2HitRate, hitRateBefore, hitRateAfter));

        assertThat(outcomes.stream().filter(o -> o.phase().equals("outage"))).as("requests during the outage")
                .isNotEmpty();
        assertThat(failures(outcomes, o -> false)).as("every request succeeds with Redis down").isEmpty();
        assertThat(l2Errors).as("the instances noticed Redis was gone").isPositive();
        // Redis comes back empty and each instance empties its L1 on reconnecting (it may have missed
        // invalidations): the first instance to ask misses and loads, the other then hits in L2.
        assertThat(l2Hits).as("L2 answers again after the restart").isPositive();
        assertThat(l2ErrorsAfter).as("L2 errors after the restart, against its hits").isLessThan(l2Hits);
        assertThat(hitRateAfter).as("cache hit rate after the restart").isGreaterThan(0.5);
        assertIntact(integrity);
    }

    @Test
    @Order(2)
    void postgresStoppedAndRestartedServesCachedContentRejectsWritesWith503AndLosesNothing() throws Exception {
        Map<Long, Integer> revisions = revisions();
        Writes writes = new Writes();
        ClientLoad load = new ClientLoad(ClientLoad.roundRobin(t -> cluster.nodes()));
        warmUp(load);
        ClientLoad.Running running = load.start(THREADS, 2, mixedWorkload(writes));
        load.phase("before");
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);

        cluster.postgres().stop();
        load.phase("outage");
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);

        // PostgreSQL accepts connections before restart() returns: what is answered meanwhile is no outage.
        load.phase("restarting");
        cluster.postgres().restart();
        load.phase("recovery");
        awaitWritesAccepted(load, writes);
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);
        running.stop();

        List<Outcome> outcomes = load.outcomes();
        Integrity integrity = integrity(writes, revisions);
        report("postgres_restart", outcomes, 1, integrity, "");

        List<Outcome> outageWrites = outcomes.stream()
                .filter(o -> o.phase().equals("outage") && isWrite(o)).toList();
        assertThat(outageWrites).as("writes during the outage").isNotEmpty();
        assertThat(outageWrites).as("writes during the outage fail with 503 database_unavailable")
                .allMatch(Outcome::databaseUnavailable);
        assertThat(outcomes.stream().filter(o -> o.operation().startsWith("read"))).as("reads of cached content")
                .isNotEmpty().allMatch(Outcome::ok);
        assertThat(failures(outcomes, Outcome::databaseUnavailable)).as("nothing but the documented 503").isEmpty();
        assertThat(outcomes.stream().filter(o -> o.phase().equals("recovery") && isWrite(o) && o.ok()))
                .as("writes succeed again after the restart").isNotEmpty();
        assertIntact(integrity);
    }

    @Test
    @Order(3)
    void concurrentFirstRequestsOnBothInstancesGenerateTheContentOnce() throws Exception {
        Owner owner = owners.get(0);
        ClientLoad load = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(t % 2))));
        int rounds = 3;
        int requestsPerRound = 16;
        long generations = 0;
        for (int round = 0; round < rounds; round++) {
            long business = load.client(0).createBusiness(owner.token(), "First request " + round, FOUNDINGS.get(1));
            String type = TYPES.get(round);
            String path = "/api/businesses/" + business + "/content/" + type + "?date=2033-0" + (round + 1) + "-15";
            Instant start = Instant.now();
            CountDownLatch ready = new CountDownLatch(requestsPerRound);
            CountDownLatch go = new CountDownLatch(1);
            ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < requestsPerRound; i++) {
                Client client = load.client(i);
                Thread thread = new Thread(() -> {
                    ready.countDown();
                    try {
                        go.await();
                        replies.add(client.get("first_request", path, owner.token()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                thread.start();
                threads.add(thread);
            }
            ready.await();
            long broadcastsBefore = cacheBroadcasts();
            go.countDown();
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            long generated = cluster.nodes().stream()
                    .mapToLong(node -> node.bean(PerformanceMonitor.class).getMetrics(MetricType.CONTENT_GENERATION,
                            start, Instant.now().plusSeconds(1), Map.of("contentType", type)).size())
                    .sum();
            generations += generated;

            assertThat(replies).hasSize(requestsPerRound).allMatch(Reply::ok);
            assertThat(replies.stream().map(r -> r.json().get("body").asString()).distinct()).hasSize(1);
            assertThat(replies.stream().filter(r -> !r.json().get("fromCache").asBoolean()))
                    .as("answers that generated the content").hasSize(1);
            assertThat(generated).as("generations of %s across both instances", path).isEqualTo(1);
            assertThat(count("SELECT count(*) FROM content WHERE business_id = " + business)).isEqualTo(1);
            // Content, its last good copy and the stored responses are fills: nothing changed, nothing to tell.
            assertThat(cacheBroadcasts()).as("cache invalidations broadcast by first requests")
                    .isEqualTo(broadcastsBefore);
        }
        report("concurrent_first_requests", load.outcomes(), 0, new Integrity(rounds, 0, 0, List.of()),
                "rounds=" + rounds + " generations=" + generations);
    }

    @Test
    @Order(4)
    void rateLimitsAreSharedAndAChangeOnOneInstanceIsSeenOnTheOther() throws Exception {
        // Shared limits: one client address, alternating instances, sign-ups that are refused anyway
        // (empty body), so the bucket, not the validation, decides 400 against 429.
        ClientLoad load = new ClientLoad(ClientLoad.roundRobin(t -> cluster.nodes()));
        Client client = load.client(0);
        awaitSharedRateLimits();
        String address = nextClientAddress();
        int attempts = 2 * TwoNodeCluster.SIGN_UPS_PER_MINUTE;
        int admitted = 0;
        int limited = 0;
        for (int i = 0; i < attempts; i++) {
            Reply reply = client.send("sign_up_limited", "POST", "/api/users", null, "{}",
                    Map.of("X-Forwarded-For", address));
            admitted += reply.status() == 400 ? 1 : 0;
            limited += reply.status() == 429 ? 1 : 0;
        }
        assertThat(admitted + limited).isEqualTo(attempts);
        // Per instance the bucket would admit every request here; shared, one bucket's worth (plus a refill).
        assertThat(admitted).as("admitted across both instances").isBetween(TwoNodeCluster.SIGN_UPS_PER_MINUTE,
                TwoNodeCluster.SIGN_UPS_PER_MINUTE + 1);

        // Cross-node invalidation: B caches the business and its content, A changes the founding.
        Owner owner = owners.get(1);
        Client onA = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(0)))).client(0);
        Client onB = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(1)))).client(0);
        String businessPath = "/api/businesses/" + owner.writableBusiness();
        String contentPath = businessPath + "/content/weekly_forecast?date=2031-02-02";
        String oldFounding = onB.get("read", businessPath, owner.token()).json().get("foundedAt").asString();
        String newFounding = FOUNDINGS.stream().filter(f -> !f.equals(oldFounding)).findFirst().orElseThrow();
        onB.get("read", contentPath, owner.token());
        String oldBody = onB.get("read", contentPath, owner.token()).json().get("body").asString();

        Reply patched = onA.send("patch", "PATCH", businessPath, owner.token(),
                "{\"name\":\"Moved\",\"foundedAt\":\"" + newFounding + "\"}", Map.of());
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        long changedAt = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            JsonNode business = onB.get("read", businessPath, owner.token()).json();
            assertThat(business.get("foundedAt").asString()).isEqualTo(newFounding);
            assertThat(business.get("name").asString()).isEqualTo("Moved");
            assertThat(onB.get("read", contentPath, owner.token()).json().get("body").asString())
                    .isNotEqualTo(oldBody);
        });
        long seenAfterMillis = (System.nanoTime() - changedAt) / 1_000_000;
        assertThat(count("SELECT count(*) FROM content c JOIN businesses b ON b.id = c.business_id WHERE b.id = "
                + owner.writableBusiness() + " AND c.business_revision <> b.revision")).isZero();
        report("shared_limits_and_invalidation", load.outcomes(), 0, new Integrity(1, 0, 0, List.of()),
                "sign_ups_admitted=" + admitted + " sign_ups_limited=" + limited + " change_seen_on_b_ms="
                        + seenAfterMillis);
    }

    @Test
    @Order(5)
    void oneInstanceStoppedMidLoadTheOtherKeepsServing() throws Exception {
        Map<Long, Integer> revisions = revisions();
        Writes writes = new Writes();
        List<TwoNodeCluster.Node> both = cluster.nodes();
        ClientLoad load = new ClientLoad(ClientLoad.roundRobin(t -> both));
        warmUp(load);
        ClientLoad.Running running = load.start(THREADS, 5, mixedWorkload(writes));
        load.phase("before");
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);

        load.phase("stopping");
        cluster.stopNode(1);
        load.phase("node-b-down");
        load.awaitRequests(REQUESTS_PER_PHASE, PHASE_LIMIT);
        running.stop();

        List<Outcome> outcomes = load.outcomes();
        Integrity integrity = integrity(writes, revisions);
        report("instance_stopped", outcomes, 1, integrity, "connection_failures_on_b="
                + outcomes.stream().filter(o -> o.status() == ClientLoad.NO_RESPONSE).count());

        assertThat(outcomes.stream().filter(o -> o.node().equals("node-a"))).as("answers of the surviving instance")
                .isNotEmpty().allMatch(Outcome::ok);
        assertThat(outcomes.stream().filter(o -> o.node().equals("node-b") && o.phase().equals("node-b-down")))
                .as("requests to the stopped instance fail at connection level")
                .allMatch(o -> o.status() == ClientLoad.NO_RESPONSE);
        assertThat(failures(outcomes, o -> o.status() == ClientLoad.NO_RESPONSE && o.node().equals("node-b")))
                .as("nothing but connection failures on the stopped instance").isEmpty();
        assertIntact(integrity);
        cluster.restartNode(1);
    }

    // ------------------------------------------------------------------ workload

    /**
     * 70% content reads and 10% business reads of the read-only businesses (warmed beforehand),
     * 12% changes of the thread's own business, 6% sign-ups, 2% imports of ten rows.
     */
    private ClientLoad.Workload mixedWorkload(Writes writes) {
        return (client, random, iteration) -> {
            int dice = random.nextInt(100);
            Owner reader = owners.get(random.nextInt(owners.size()));
            Owner own = owners.get(client.thread());
            if (dice < 70) {
                client.get("read_content", contentPath(reader.readOnlyBusiness(), TYPES.get(random.nextInt(3)),
                        DATES.get(random.nextInt(3))), reader.token());
            } else if (dice < 80) {
                client.get("read_business", "/api/businesses/" + reader.readOnlyBusiness(), reader.token());
            } else if (dice < 92) {
                String name = "Writable " + client.thread() + " #" + iteration;
                String founding = FOUNDINGS.get(random.nextInt(FOUNDINGS.size()));
                Reply reply = client.send("write_patch", "PATCH", "/api/businesses/" + own.writableBusiness(),
                        own.token(), "{\"name\":\"" + name + "\",\"foundedAt\":\"" + founding + "\"}", Map.of());
                writes.patches.add(new PatchAttempt(own.writableBusiness(), name, founding, reply.ok()));
            } else if (dice < 98) {
                String email = "load-" + client.thread() + "-" + iteration + "-" + random.nextInt(1_000_000)
                        + "@example.com";
                Reply reply = client.send("write_sign_up", "POST", "/api/users", null,
                        "{\"email\":\"" + email + "\",\"name\":\"Load\"}", Map.of("X-Forwarded-For", nextClientAddress()));
                writes.signUps.add(Map.entry(email, reply.ok()));
            } else {
                String prefix = "imp-" + client.thread() + "-" + iteration + "-" + random.nextInt(1_000_000) + "-";
                int rows = 10;
                StringBuilder json = new StringBuilder("[");
                for (int k = 0; k < rows; k++) {
                    json.append(k == 0 ? "" : ",").append("{\"externalId\":\"").append(prefix).append(k)
                            .append("\",\"ownerId\":").append(own.userId()).append(",\"name\":\"Imported ").append(k)
                            .append("\",\"foundedAt\":\"").append(FOUNDINGS.get(k % FOUNDINGS.size()))
                            .append("\",\"latitude\":48.85,\"longitude\":2.35}");
                }
                Reply reply = client.send("write_import", "POST", "/api/admin/businesses/import",
                        TwoNodeCluster.ADMIN_TOKEN, json.append("]").toString(), Map.of());
                writes.imports.add(new ImportAttempt(prefix, rows, reply.ok()));
            }
        };
    }

    /** Reads every content the load reads on every instance, so it is in the caches before a fault. */
    /**
     * Waits until both instances count in Redis again: an instance whose Redis call failed or timed
     * out in an earlier scenario uses its local buckets until its next request after the retry interval.
     */
    /** Invalidations (keys and entities) both instances have published on the cache channel. */
    private long cacheBroadcasts() {
        return cluster.nodes().stream().mapToLong(node -> node.bean(CacheManager.class).stats().invalidationsSent())
                .sum();
    }

    private void awaitSharedRateLimits() {
        for (TwoNodeCluster.Node node : cluster.nodes()) {
            if (!(node.bean(RateLimiter.class) instanceof FallbackRateLimiter limiter)) {
                throw new AssertionError(node.name() + " has no shared rate limiter");
            }
            Client probe = new ClientLoad(ClientLoad.roundRobin(t -> List.of(node))).client(0);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
                probe.send("probe", "GET", "/api/system/ping", null, null, Map.of());
                return !limiter.isFallingBack();
            });
        }
    }

    private void warmUp(ClientLoad load) {
        for (TwoNodeCluster.Node node : cluster.nodes()) {
            Client client = new ClientLoad(ClientLoad.roundRobin(t -> List.of(node))).client(0);
            for (Owner owner : owners) {
                client.get("warm", "/api/businesses/" + owner.readOnlyBusiness(), owner.token());
                for (String type : TYPES) {
                    for (String date : DATES) {
                        Reply reply = client.get("warm", contentPath(owner.readOnlyBusiness(), type, date),
                                owner.token());
                        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                    }
                }
            }
        }
    }

    private static String contentPath(long business, String type, String date) {
        return "/api/businesses/" + business + "/content/" + type + "?date=" + date;
    }

    /** A distinct end-client address per call, so sign-ups of the load never share a rate-limit bucket. */
    private String nextClientAddress() {
        long n = clientAddresses.incrementAndGet();
        return "10." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    private static boolean isWrite(Outcome outcome) {
        return outcome.operation().startsWith("write");
    }

    /** Outcomes that are neither a success nor {@code allowed}. */
    private static List<Outcome> failures(List<Outcome> outcomes, java.util.function.Predicate<Outcome> allowed) {
        return outcomes.stream().filter(o -> !o.ok() && !allowed.test(o)).limit(20).toList();
    }

    // ------------------------------------------------------------------ faults

    private CacheStats[] stats() {
        return cluster.nodes().stream().map(node -> node.bean(CacheManager.class).stats()).toArray(CacheStats[]::new);
    }

    private static double rate(long hits, long misses) {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }

    private static long sum(CacheStats[] stats, java.util.function.ToLongFunction<CacheStats> counter) {
        long total = 0;
        for (CacheStats s : stats) {
            total += counter.applyAsLong(s);
        }
        return total;
    }

    /** Waits until a value written through instance A is read by instance B from Redis. */
    private void awaitL2Serving() {
        CacheManager a = cluster.node(0).bean(CacheManager.class);
        CacheManager b = cluster.node(1).bean(CacheManager.class);
        AtomicLong probe = new AtomicLong();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String key = "resilience-probe:" + probe.incrementAndGet();
            a.set(key, "v", Duration.ofMinutes(1));
            long hits = b.stats().l2Hits();
            return b.get(key, String.class).isPresent() && b.stats().l2Hits() > hits;
        });
    }

    /** Waits until a sign-up succeeds on every instance (the pools have reconnected). */
    private void awaitWritesAccepted(ClientLoad load, Writes writes) {
        for (TwoNodeCluster.Node node : cluster.nodes()) {
            Client client = new ClientLoad(ClientLoad.roundRobin(t -> List.of(node))).client(0);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String email = "probe-" + System.nanoTime() + "@example.com";
                Reply reply = client.send("write_probe", "POST", "/api/users", null,
                        "{\"email\":\"" + email + "\",\"name\":\"Probe\"}", Map.of("X-Forwarded-For", nextClientAddress()));
                writes.signUps.add(Map.entry(email, reply.ok()));
                return reply.ok();
            });
        }
    }

    // ------------------------------------------------------------------ stored data

    private Map<Long, Integer> revisions() throws SQLException {
        Map<Long, Integer> revisions = new HashMap<>();
        try (Connection connection = cluster.database().getConnection();
                ResultSet rs = connection.createStatement().executeQuery("SELECT id, revision FROM businesses")) {
            while (rs.next()) {
                revisions.put(rs.getLong(1), rs.getInt(2));
            }
        }
        return revisions;
    }

    /**
     * Every acknowledged write is stored, and none is stored in part: a changed business has the
     * name and founding of one attempted change (the last acknowledged one or one whose answer
     * was lost after it) with the natal chart of that founding and a revision counting its
     * changes; an import is all its rows or none; no content claims a revision its business
     * never had.
     */
    private Integrity integrity(Writes writes, Map<Long, Integer> revisionsBefore) throws SQLException {
        List<String> problems = new ArrayList<>();
        int lost = 0;
        int half = 0;
        int checked = 0;
        try (Connection connection = cluster.database().getConnection()) {
            Set<String> emails = new HashSet<>();
            try (ResultSet rs = connection.createStatement().executeQuery("SELECT email FROM users")) {
                while (rs.next()) {
                    emails.add(rs.getString(1));
                }
            }
            for (Map.Entry<String, Boolean> signUp : writes.signUps) {
                checked++;
                if (signUp.getValue() && !emails.contains(signUp.getKey())) {
                    lost++;
                    problems.add("acknowledged sign-up missing: " + signUp.getKey());
                }
            }

            Map<Long, List<PatchAttempt>> byBusiness = writes.patches.stream()
                    .collect(Collectors.groupingBy(PatchAttempt::businessId, java.util.LinkedHashMap::new,
                            Collectors.toList()));
            for (Map.Entry<Long, List<PatchAttempt>> entry : byBusiness.entrySet()) {
                checked++;
                List<PatchAttempt> attempts = entry.getValue();
                int lastAck = -1;
                for (int i = 0; i < attempts.size(); i++) {
                    if (attempts.get(i).acknowledged()) {
                        lastAck = i;
                    }
                }
                long acked = attempts.stream().filter(PatchAttempt::acknowledged).count();
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT name, founded_at, natal_chart, revision FROM businesses WHERE id = ?")) {
                    select.setLong(1, entry.getKey());
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        String name = rs.getString(1);
                        String founding = rs.getTimestamp(2).toInstant().toString();
                        String chart = rs.getString(3);
                        int revision = rs.getInt(4) - revisionsBefore.get(entry.getKey());
                        List<PatchAttempt> possible = attempts.subList(Math.max(lastAck, 0), attempts.size());
                        PatchAttempt stored = possible.stream().filter(a -> a.name().equals(name)).findFirst()
                                .orElse(null);
                        if (stored == null && !(lastAck < 0 && revision == 0)) {
                            lost++;
                            problems.add("business " + entry.getKey() + " is '" + name + "', not the last "
                                    + "acknowledged change or a later one");
                        } else if (stored != null && !stored.foundedAt().equals(founding)) {
                            half++;
                            problems.add("business " + entry.getKey() + " has the name of one change and the "
                                    + "founding of another");
                        }
                        if (!chart.equals(chartByFounding.get(founding))) {
                            half++;
                            problems.add("business " + entry.getKey() + " has a natal chart not of " + founding);
                        }
                        if (revision < acked || revision > attempts.size()) {
                            if (revision < acked) {
                                lost++;
                            } else {
                                half++;
                            }
                            problems.add("business " + entry.getKey() + " moved " + revision + " revisions for "
                                    + acked + " acknowledged of " + attempts.size() + " attempted changes");
                        }
                    }
                }
            }

            for (ImportAttempt attempt : writes.imports) {
                checked++;
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT count(*) FROM businesses WHERE external_id LIKE ?")) {
                    select.setString(1, attempt.prefix() + "%");
                    try (ResultSet rs = select.executeQuery()) {
                        rs.next();
                        int rows = rs.getInt(1);
                        if (rows != 0 && rows != attempt.rows()) {
                            half++;
                            problems.add("import " + attempt.prefix() + " stored " + rows + " of " + attempt.rows());
                        } else if (attempt.acknowledged() && rows == 0) {
                            lost++;
                            problems.add("acknowledged import " + attempt.prefix() + " missing");
                        }
                    }
                }
            }
        }
        long orphanedContent = count("SELECT count(*) FROM content c JOIN businesses b ON b.id = c.business_id "
                + "WHERE c.business_revision > b.revision");
        if (orphanedContent > 0) {
            half += (int) orphanedContent;
            problems.add(orphanedContent + " content rows claim a revision their business never had");
        }
        return new Integrity(checked, lost, half, problems);
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = cluster.database().getConnection();
                ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertIntact(Integrity integrity) {
        assertThat(integrity.problems()).as("stored data after recovery").isEmpty();
        assertThat(integrity.rowsLost()).isZero();
        assertThat(integrity.halfWritten()).isZero();
    }

    /** One line per scenario with the counts the issue asks for. */
    private static void report(String scenario, List<Outcome> outcomes, int faults, Integrity integrity, String extra) {
        long serverErrors = outcomes.stream().filter(o -> o.status() >= 500 && !o.databaseUnavailable()).count();
        long documented503 = outcomes.stream().filter(Outcome::databaseUnavailable).count();
        long noResponse = outcomes.stream().filter(o -> o.status() == ClientLoad.NO_RESPONSE).count();
        long writesAcknowledged = outcomes.stream().filter(o -> isWrite(o) && o.ok()).count();
        log.info("event=fault_scenario scenario={} requests={} faults_injected={} server_errors={} "
                + "documented_503={} no_response={} writes_acknowledged={} rows_checked={} rows_lost={} "
                + "half_written={} {}", scenario, outcomes.size(), faults, serverErrors, documented503, noResponse,
                writesAcknowledged, integrity.rowsChecked(), integrity.rowsLost(), integrity.halfWritten(), extra);
    }
}
