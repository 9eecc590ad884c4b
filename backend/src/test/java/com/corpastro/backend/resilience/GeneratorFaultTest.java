package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.backend.content.ContentWriter;
import com.corpastro.backend.resilience.ClientLoad.Client;
import com.corpastro.backend.resilience.ClientLoad.Outcome;
import com.corpastro.backend.resilience.ClientLoad.Reply;
import com.corpastro.backend.resilience.GeneratorStub.Mode;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import tools.jackson.databind.JsonNode;

/**
 * Fault injection of the external content generator on two real instances sharing one real Redis
 * and one real PostgreSQL, the generator being a local OpenAI-compatible {@link GeneratorStub}.
 * {@value #THREADS} client threads, each pinned to one instance, read content for a new day in
 * every request, so every read generates. The stub answers, then fails with 500, recovers, hangs
 * and recovers again. Through both faults every client gets 200 with built-in content; each
 * instance's circuit opens within its window of calls, sends nothing to the stub while open
 * (beyond the calls already in flight when it opened), and closes once the stub answers again,
 * after which the content is the stub's again. Logs one {@code event=fault_scenario} line.
 */
class GeneratorFaultTest {

    private static final Logger log = LoggerFactory.getLogger(GeneratorFaultTest.class);

    private static final int THREADS = 8;
    private static final int THREADS_PER_NODE = THREADS / 2;
    private static final int WINDOW = 4;
    private static final Duration WAIT_IN_OPEN = Duration.ofSeconds(2);
    private static final LocalDate FIRST_DAY = LocalDate.of(2040, 1, 1);

    /** A client thread's user and the business whose content it reads, on one instance. */
    record Owner(String node, String token, long businessId) {
    }

    /** One content read, labelled with the phase it was sent in and the one its answer came in. */
    record Read(String sentIn, String answeredIn, String node, long businessId, LocalDate day, int status,
            String source, boolean hasBody, boolean fromCache) {

        boolean within(String phase) {
            return sentIn.equals(phase) && answeredIn.equals(phase);
        }
    }

    /** A state change of one instance's circuit, with that instance's stub calls and refused calls so far. */
    record Transition(String node, CircuitBreaker.State to, long stubCalls, long notPermitted, long nanos) {
    }

    /** A fault injected: its phase, when, and where the counters stood. */
    record Fault(String phase, Map<String, Long> stubCallsAtStart, int firstTransition, long startNanos) {
    }

    /** What one fault did to one instance's circuit. */
    record Circuit(long openedAfterMs, long callsUntilOpen, long callsWhileOpen, long mostCallsInOneOpenSpell,
            long notPermittedWhileOpen, int openings, long closedAfterRecoveryMs) {
    }

    private GeneratorStub stub;
    private TwoNodeCluster cluster;
    private final List<Owner> owners = new ArrayList<>();
    private final AtomicReference<String> phase = new AtomicReference<>("warm-up");
    private final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    private final List<Transition> transitions = new CopyOnWriteArrayList<>();
    private ClientLoad load;

    @BeforeEach
    void startClusterAndStub() {
        stub = GeneratorStub.start(List.of("node-a", "node-b"));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("corp-astro.content.generator.url", stub.url());
        properties.put("corp-astro.content.generator.model", "test-model");
        properties.put("corp-astro.content.generator.api-key", "test-key");
        // Long enough that a loaded two-core machine does not time out a healthy local stub.
        properties.put("corp-astro.content.generator.timeout", "1s");
        properties.put("corp-astro.content.generator.retry-attempts", "2");
        properties.put("corp-astro.content.generator.retry-backoff", "20ms");
        properties.put("corp-astro.content.generator.circuit-breaker.window", Integer.toString(WINDOW));
        properties.put("corp-astro.content.generator.circuit-breaker.failure-rate-threshold", "50");
        properties.put("corp-astro.content.generator.circuit-breaker.wait-in-open", WAIT_IN_OPEN.toMillis() + "ms");
        properties.put("corp-astro.content.generator.circuit-breaker.half-open-calls", "1");
        // Every read is a new day's content, as fast as each client can: no daily generation quota.
        properties.put("corp-astro.content.generation-quota", "0");
        cluster = TwoNodeCluster.start(properties);
        assertThat(cluster.nodes()).extracting(TwoNodeCluster.Node::name).containsExactly("node-a", "node-b");

        for (TwoNodeCluster.Node node : cluster.nodes()) {
            CircuitBreaker circuit = circuit(node);
            LongAdder notPermitted = new LongAdder();
            circuit.getEventPublisher().onCallNotPermitted(event -> notPermitted.increment());
            circuit.getEventPublisher().onStateTransition(event -> transitions.add(new Transition(node.name(),
                    event.getStateTransition().getToState(), stub.calls(node.name()), notPermitted.sum(),
                    System.nanoTime())));
        }

        // Client thread t reads, on instance t % 2, the content of a business named after that
        // instance: the business name is in the prompt, so the stub knows which instance called.
        load = new ClientLoad(ClientLoad.roundRobin(t -> List.of(cluster.node(t % 2))));
        for (int t = 0; t < THREADS; t++) {
            Client client = load.client(t);
            String node = cluster.node(t % 2).name();
            String token = client.signUp("Owner " + t, Map.of("X-Forwarded-For", "10.7.0." + (t + 1)))
                    .get("apiToken").asString();
            long business = client.createBusiness(token, "Generator " + node + " " + t,
                    "2012-04-0" + (1 + t % 9) + "T10:00:00Z");
            owners.add(new Owner(node, token, business));
        }
    }

    @AfterEach
    void stopClusterAndStub() {
        if (cluster != null) {
            cluster.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void aFailingOrHangingGeneratorOpensTheCircuitOnEachInstanceBuiltinContentIsServedAndTheCircuitClosesOnRecovery()
            throws Exception {
        ClientLoad.Running running = load.start(THREADS, 7, (client, random, iteration) -> {
            Owner owner = owners.get(client.thread());
            LocalDate day = FIRST_DAY.plusDays(iteration);
            String sentIn = phase.get();
            Reply reply = client.get("read_content", "/api/businesses/" + owner.businessId()
                    + "/content/daily_horoscope?date=" + day, owner.token());
            String answeredIn = phase.get();
            String source = "";
            boolean hasBody = false;
            boolean fromCache = false;
            if (reply.ok()) {
                JsonNode json = reply.json();
                source = json.has("source") ? json.get("source").asString() : "";
                hasBody = json.has("body") && !json.get("body").asString().isBlank();
                fromCache = json.has("fromCache") && json.get("fromCache").asBoolean();
            }
            reads.add(new Read(sentIn, answeredIn, owner.node(), owner.businessId(), day, reply.status(), source,
                    hasBody, fromCache));
        });
        Fault error;
        Fault hang;
        Map<String, Long> closedAfterError;
        Map<String, Long> closedAfterHang;
        Map<String, String> healthWhileOpen = new LinkedHashMap<>();
        Map<String, String> healthAfterRecovery = new LinkedHashMap<>();
        try {
            phase("ok");
            awaitReads("ok", WINDOW);

            error = inject(Mode.ERROR, "error");
            awaitOpen(error);
            health().forEach((node, status) -> healthWhileOpen.put(node + "_error", status));
            // Past the wait in the open state: a trial call fails and the circuit opens again.
            awaitReopened(error);
            closedAfterError = recover("recovered_from_error");

            hang = inject(Mode.HANG, "hang");
            awaitOpen(hang);
            health().forEach((node, status) -> healthWhileOpen.put(node + "_hang", status));
            awaitReopened(hang);
            closedAfterHang = recover("recovered_from_hang");
            health().forEach((node, status) -> healthAfterRecovery.put(node, status));
        } finally {
            phase("stopping");
            running.stop();
        }

        List<Read> all = List.copyOf(reads);
        List<Outcome> outcomes = load.outcomes().stream().filter(o -> o.operation().equals("read_content")).toList();
        Map<String, Circuit> errorCircuits = circuits(error, hang.firstTransition(), closedAfterError);
        Map<String, Circuit> hangCircuits = circuits(hang, transitions.size(), closedAfterHang);
        long[] stored = checkStored(all);
        report(outcomes, all, stored, errorCircuits, hangCircuits);

        assertThat(outcomes).as("content reads").isNotEmpty();
        assertThat(outcomes.stream().filter(o -> o.status() != 200).limit(20).toList())
                .as("every read answered 200, no 5xx, no lost answer").isEmpty();
        assertThat(all.stream().filter(r -> !r.hasBody() || r.fromCache()).limit(20).toList())
                .as("every read generated its content and has a body").isEmpty();
        for (String node : List.of("node-a", "node-b")) {
            for (String healthy : List.of("ok", "recovered_from_error", "recovered_from_hang")) {
                assertThat(within(all, healthy, node)).as("reads on %s while the generator answers (%s)", node, healthy)
                        .hasSizeGreaterThanOrEqualTo(WINDOW).allMatch(r -> r.source().equals("external"));
            }
            for (String faulty : List.of("error", "hang")) {
                assertThat(within(all, faulty, node)).as("reads on %s while the generator fails (%s)", node, faulty)
                        .isNotEmpty().allMatch(r -> r.source().equals("builtin"));
            }
        }
        for (Map.Entry<String, Circuit> entry : concat(errorCircuits, "error", hangCircuits, "hang").entrySet()) {
            Circuit circuit = entry.getValue();
            // The window's calls, plus at most one call in flight per other client thread of that instance.
            assertThat(circuit.callsUntilOpen()).as("generator calls until the circuit opened, %s", entry.getKey())
                    .isBetween(1L, (long) WINDOW + THREADS_PER_NODE - 1);
            // Calls let through before it opened may reach the stub just after; nothing else does.
            assertThat(circuit.mostCallsInOneOpenSpell()).as("generator calls in one open spell of the circuit, %s",
                    entry.getKey()).isLessThanOrEqualTo(THREADS_PER_NODE - 1);
            assertThat(circuit.notPermittedWhileOpen()).as("generations refused by the open circuit, %s",
                    entry.getKey()).isPositive();
        }
        assertThat(healthWhileOpen).as("contentGenerator health while the circuit is open")
                .hasSize(4).allSatisfy((key, status) -> assertThat(status).isEqualTo("DEGRADED"));
        assertThat(healthAfterRecovery).as("contentGenerator health after recovery")
                .hasSize(2).allSatisfy((key, status) -> assertThat(status).isEqualTo("UP"));
        assertThat(stub.unrecognisedCalls()).as("stub calls that were not chat completions of a known instance")
                .isZero();
        assertThat(stored[1]).as("answered content missing from the database").isZero();
        assertThat(stored[2]).as("stored content of another source than answered").isZero();
    }

    // ------------------------------------------------------------------ phases

    private void phase(String name) {
        phase.set(name);
        load.phase(name);
    }

    /** Switches the stub to {@code mode}; reads sent and answered in {@code name} saw only that mode. */
    private Fault inject(Mode mode, String name) {
        phase("switching");
        stub.mode(mode);
        Map<String, Long> calls = new LinkedHashMap<>();
        for (TwoNodeCluster.Node node : cluster.nodes()) {
            calls.put(node.name(), stub.calls(node.name()));
        }
        Fault fault = new Fault(name, calls, transitions.size(), System.nanoTime());
        phase(name);
        return fault;
    }

    /** Lets the stub answer again, waits until both circuits have closed; returns when each closed, in ms. */
    private Map<String, Long> recover(String name) {
        phase("switching");
        stub.mode(Mode.OK);
        long start = System.nanoTime();
        phase("recovering");
        Map<String, Long> closedAfter = new LinkedHashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
            for (TwoNodeCluster.Node node : cluster.nodes()) {
                if (!closedAfter.containsKey(node.name()) && circuit(node).getState() == CircuitBreaker.State.CLOSED) {
                    closedAfter.put(node.name(), (System.nanoTime() - start) / 1_000_000);
                }
            }
            return closedAfter.size() == cluster.nodes().size();
        });
        phase(name);
        awaitReads(name, WINDOW);
        return closedAfter;
    }

    /** Until every instance's circuit has opened, let a trial call through after the wait, and opened again. */
    private void awaitReopened(Fault fault) {
        Awaitility.await().atMost(WAIT_IN_OPEN.plusSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.nodes().stream().allMatch(node -> transitions.stream().skip(fault.firstTransition())
                        .filter(t -> t.node().equals(node.name()) && t.to() == CircuitBreaker.State.OPEN).count() >= 2));
    }

    private void awaitOpen(Fault fault) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.nodes().stream().allMatch(node -> transitions.stream().skip(fault.firstTransition())
                        .anyMatch(t -> t.node().equals(node.name()) && t.to() == CircuitBreaker.State.OPEN)));
    }

    /** Waits until each instance answered {@code count} reads sent and answered in {@code name}. */
    private void awaitReads(String name, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> cluster.nodes().stream()
                        .allMatch(node -> within(List.copyOf(reads), name, node.name()).size() >= count));
    }

    private static List<Read> within(List<Read> reads, String phase, String node) {
        return reads.stream().filter(r -> r.node().equals(node) && r.within(phase)).toList();
    }

    private static CircuitBreaker circuit(TwoNodeCluster.Node node) {
        return node.bean(ContentWriter.class).circuitBreaker().orElseThrow();
    }

    /** The {@code contentGenerator} health status of each instance, over HTTP. */
    private Map<String, String> health() {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (TwoNodeCluster.Node node : cluster.nodes()) {
            Reply reply = new ClientLoad(ClientLoad.roundRobin(t -> List.of(node))).client(0)
                    .get("health", "/actuator/health", null);
            assertThat(reply.status()).as("health of %s: %s", node.name(), reply.body()).isEqualTo(200);
            statuses.put(node.name(), reply.json().at("/components/contentGenerator/status").asString());
        }
        return statuses;
    }

    // ------------------------------------------------------------------ what the circuits did

    /**
     * Per instance, from the circuit's transitions between {@code fault} and {@code end}: how many
     * stub calls it made until it opened, how many while it was open (an open spell ends with the
     * transition to half-open, taken before the trial call is sent) and how many generations the
     * open circuit refused.
     */
    private Map<String, Circuit> circuits(Fault fault, int end, Map<String, Long> closedAfter) {
        List<Transition> during = transitions.subList(fault.firstTransition(), end);
        Map<String, Circuit> circuits = new LinkedHashMap<>();
        for (TwoNodeCluster.Node node : cluster.nodes()) {
            List<Transition> mine = during.stream().filter(t -> t.node().equals(node.name())).toList();
            assertThat(mine).as("transitions of %s's circuit in %s", node.name(), fault.phase()).isNotEmpty();
            assertThat(mine.get(0).to()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(mine.get(mine.size() - 1).to()).isEqualTo(CircuitBreaker.State.CLOSED);
            long callsWhileOpen = 0;
            long mostInOneSpell = 0;
            long refused = 0;
            int openings = 0;
            for (int i = 0; i < mine.size() - 1; i++) {
                if (mine.get(i).to() == CircuitBreaker.State.OPEN) {
                    openings++;
                    long calls = mine.get(i + 1).stubCalls() - mine.get(i).stubCalls();
                    callsWhileOpen += calls;
                    mostInOneSpell = Math.max(mostInOneSpell, calls);
                    refused += mine.get(i + 1).notPermitted() - mine.get(i).notPermitted();
                }
            }
            Transition opened = mine.get(0);
            circuits.put(node.name(), new Circuit((opened.nanos() - fault.startNanos()) / 1_000_000,
                    opened.stubCalls() - fault.stubCallsAtStart().get(node.name()), callsWhileOpen, mostInOneSpell,
                    refused, openings,
                    closedAfter.get(node.name())));
        }
        return circuits;
    }

    private static Map<String, Circuit> concat(Map<String, Circuit> first, String firstName,
            Map<String, Circuit> second, String secondName) {
        Map<String, Circuit> all = new LinkedHashMap<>();
        first.forEach((node, circuit) -> all.put(firstName + " on " + node, circuit));
        second.forEach((node, circuit) -> all.put(secondName + " on " + node, circuit));
        return all;
    }

    // ------------------------------------------------------------------ stored data

    /**
     * Every content answered 200 is stored with the source it was answered with: {rows checked,
     * rows missing, rows of another source}.
     */
    private long[] checkStored(List<Read> all) throws SQLException {
        Map<String, String> stored = new HashMap<>();
        try (Connection connection = cluster.database().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT business_id, period_start, source "
                        + "FROM content WHERE content_type = 'daily_horoscope' AND business_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("bigint",
                    owners.stream().map(Owner::businessId).toArray(Long[]::new)));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getLong(1) + "/" + rs.getDate(2).toLocalDate(), rs.getString(3));
                }
            }
        }
        long checked = 0;
        long missing = 0;
        long otherSource = 0;
        for (Read read : all) {
            if (read.status() != 200) {
                continue;
            }
            checked++;
            String source = stored.get(read.businessId() + "/" + read.day());
            if (source == null) {
                missing++;
            } else if (!source.equals(read.source())) {
                otherSource++;
            }
        }
        return new long[] {checked, missing, otherSource};
    }

    /** One line with the counts the issue asks for, in the form of {@link FaultInjectionTest}'s. */
    private static void report(List<Outcome> outcomes, List<Read> all, long[] stored, Map<String, Circuit> error,
            Map<String, Circuit> hang) {
        long serverErrors = outcomes.stream().filter(o -> o.status() >= 500).count();
        long noResponse = outcomes.stream().filter(o -> o.status() == ClientLoad.NO_RESPONSE).count();
        Map<String, Long> sources = all.stream().collect(Collectors.groupingBy(Read::source, Collectors.counting()));
        log.info("event=fault_scenario scenario=generator requests={} faults_injected=2 server_errors={} "
                + "no_response={} external={} builtin={} rows_checked={} rows_lost={} source_mismatch={} {} {}",
                outcomes.size(), serverErrors, noResponse, sources.getOrDefault("external", 0L),
                sources.getOrDefault("builtin", 0L), stored[0], stored[1], stored[2], circuitFigures("error", error),
                circuitFigures("hang", hang));
    }

    private static String circuitFigures(String fault, Map<String, Circuit> circuits) {
        return String.join(" ",
                fault + "_opened_after_ms=" + join(circuits, Circuit::openedAfterMs),
                fault + "_calls_until_open=" + join(circuits, Circuit::callsUntilOpen),
                fault + "_calls_while_open=" + join(circuits, Circuit::callsWhileOpen),
                fault + "_refused_while_open=" + join(circuits, Circuit::notPermittedWhileOpen),
                fault + "_openings=" + join(circuits, c -> c.openings()),
                fault + "_closed_after_recovery_ms=" + join(circuits, Circuit::closedAfterRecoveryMs));
    }

    private static String join(Map<String, Circuit> circuits, java.util.function.ToLongFunction<Circuit> figure) {
        return circuits.values().stream().map(c -> Long.toString(figure.applyAsLong(c)))
                .collect(Collectors.joining(","));
    }
}
