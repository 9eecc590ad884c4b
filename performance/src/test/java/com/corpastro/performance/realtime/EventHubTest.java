package com.corpastro.performance.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.corpastro.testing.MutableClock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

class EventHubTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T12:00:00Z"));
    private final AtomicLong nanos = new AtomicLong();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** A connection that records what it was given to write; a held one queues without writing. */
    static final class Recording extends Connection {
        final List<Object> written = new ArrayList<>();
        String ended;

        Recording(EventHub hub, String user) {
            super(hub, new RealtimePrincipal(user, false, null), EventHub.SSE);
        }

        @Override
        void write(RealtimeEvent event) {
            written.add(event);
        }

        @Override
        void writeHeartbeat() {
            written.add("heartbeat");
        }

        @Override
        void end(String reason) {
            ended = reason;
        }
    }

    /** Writer tasks that run only when the test says so: the subscriber is "slow" until then. */
    private final List<Runnable> pendingWrites = new ArrayList<>();

    private EventHub hub(RealtimeProperties properties, boolean immediateWrites) {
        EventHub hub = new EventHub(properties, clock, nanos::get, json::writeValueAsString,
                immediateWrites ? Runnable::run : pendingWrites::add, meters);
        hub.useScheduler((task, delay) -> scheduled.add(task));
        return hub;
    }

    private Recording subscribe(EventHub hub, String user, String topic, String lastEventId) {
        Recording connection = new Recording(hub, user);
        assertThat(hub.admit(connection.principal)).isNull();
        hub.opened(connection);
        hub.subscribe(connection, topic, lastEventId);
        return connection;
    }

    @Test
    void oneEventIsSerialisedOnceAndTheSameBytesGoToEverySubscriber() {
        EventHub hub = hub(new RealtimeProperties(), true);
        Recording first = subscribe(hub, "user:1", "business:7", null);
        Recording second = subscribe(hub, "user:2", "business:7", null);
        Recording elsewhere = subscribe(hub, "user:3", "business:8", null);

        RealtimeEvent event = hub.publish("business:7", "business.updated", 7L, Map.of("revision", 2));

        assertThat(first.written).containsExactly(event);
        assertThat(((RealtimeEvent) second.written.get(0)).sseFrame()).isSameAs(event.sseFrame());
        assertThat(elsewhere.written).isEmpty();
        assertThat(json.readTree(event.json()).get("businessId").asLong()).isEqualTo(7);
        assertThat(new String(event.sseFrame())).startsWith("id: " + event.id() + "\nevent: business.updated\ndata: {");
        assertThat(meters.get("corp-astro.realtime.events.sent").counter().count()).isEqualTo(2);
    }

    @Test
    void replayGivesTheEventsAfterTheLastIdAndNothingForAnIdNoLongerKept() {
        RealtimeProperties properties = new RealtimeProperties();
        properties.setReplayEvents(3);
        EventHub hub = hub(properties, true);
        List<RealtimeEvent> raised = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            raised.add(hub.publish("business:7", "business.updated", 7L, Map.of("revision", i)));
        }
        Recording resumed = new Recording(hub, "user:1");
        assertThat(hub.subscribe(resumed, "business:7", raised.get(2).id())).isTrue();
        assertThat(resumed.written).containsExactly(raised.get(3), raised.get(4));

        Recording tooLate = new Recording(hub, "user:1");
        assertThat(hub.subscribe(tooLate, "business:7", raised.get(0).id())).as("evicted by the 3-event buffer").isFalse();
        assertThat(tooLate.written).isEmpty();
    }

    @Test
    void aFullQueueDropsTheOldestMetricsFirstThenClosesASlowConsumer() {
        RealtimeProperties properties = new RealtimeProperties();
        properties.setSendQueue(2);
        EventHub hub = hub(properties, false);
        Recording slow = subscribe(hub, "user:1", "admin", null);
        hub.subscribe(slow, "business:7", null);

        RealtimeEvent metrics = hub.publishLocal("admin", "metrics", null, Map.of("n", 1), true);
        RealtimeEvent update = hub.publish("business:7", "business.updated", 7L, Map.of("revision", 2));
        RealtimeEvent second = hub.publish("business:7", "business.updated", 7L, Map.of("revision", 3));
        assertThat(slow.isClosed()).as("the metrics event made room").isFalse();
        assertThat(meters.get("corp-astro.realtime.events.dropped").tag("reason", "queue_full").counter().count())
                .isEqualTo(1);

        hub.publish("business:7", "business.updated", 7L, Map.of("revision", 4));
        assertThat(slow.isClosed()).as("nothing droppable left: slow consumer").isTrue();
        assertThat(slow.ended).isEqualTo("slow_consumer");
        assertThat(hub.subscribers("business:7")).isZero();
        assertThat(List.of(metrics, update, second)).isNotEmpty();
    }

    @Test
    void aConsumerBehindByMoreThanTheMaximumLagIsClosed() {
        RealtimeProperties properties = new RealtimeProperties();
        properties.setMaxLag(Duration.ofSeconds(10));
        EventHub hub = hub(properties, false);
        Recording slow = subscribe(hub, "user:1", "business:7", null);
        hub.publish("business:7", "business.updated", 7L, Map.of("revision", 2));
        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        hub.publish("business:7", "business.updated", 7L, Map.of("revision", 3));
        assertThat(slow.ended).isEqualTo("slow_consumer");
    }

    @Test
    void writesHappenOnTheWriterTaskAndAnIdleConnectionHoldsNone() {
        EventHub hub = hub(new RealtimeProperties(), false);
        Recording connection = subscribe(hub, "user:1", "business:7", null);
        hub.publish("business:7", "business.updated", 7L, Map.of("revision", 2));
        hub.publish("business:7", "business.updated", 7L, Map.of("revision", 3));
        assertThat(pendingWrites).as("one writer task for the burst").hasSize(1);
        pendingWrites.remove(0).run();
        assertThat(connection.written).hasSize(2);
        hub.publish("business:7", "business.updated", 7L, Map.of("revision", 4));
        assertThat(pendingWrites).as("the first task ended when the queue was empty").hasSize(1);
    }

    @Test
    void coalescedEventsWithinTheWindowAreSentOnceWithMergedChanges() {
        EventHub hub = hub(new RealtimeProperties(), true);
        Recording connection = subscribe(hub, "user:1", "business:7", null);
        hub.publishCoalesced("business:7", "business.updated", 7L, Map.of("revision", 2, "changed", List.of("name")),
                EventHub::mergeChanges);
        hub.publishCoalesced("business:7", "business.updated", 7L,
                Map.of("revision", 3, "changed", List.of("latitude", "name")), EventHub::mergeChanges);
        assertThat(connection.written).isEmpty();
        assertThat(scheduled).as("one flush per window").hasSize(1);

        scheduled.remove(0).run();

        assertThat(connection.written).hasSize(1);
        var event = json.readTree(((RealtimeEvent) connection.written.get(0)).json());
        assertThat(event.at("/payload/revision").asInt()).isEqualTo(3);
        assertThat(event.at("/payload/changed").toString()).isEqualTo("[\"name\",\"latitude\"]");
    }

    @Test
    void connectionsBeyondThePerUserAndPerNodeLimitsAreRefused() {
        RealtimeProperties properties = new RealtimeProperties();
        properties.setMaxConnectionsPerUser(2);
        properties.setMaxConnections(3);
        EventHub hub = hub(properties, true);
        RealtimePrincipal one = new RealtimePrincipal("user:1", false, null);
        assertThat(hub.admit(one)).isNull();
        assertThat(hub.admit(one)).isNull();
        assertThat(hub.admit(one)).isEqualTo("user");
        assertThat(hub.admit(new RealtimePrincipal("user:2", false, null))).isNull();
        assertThat(hub.admit(new RealtimePrincipal("user:3", false, null))).isEqualTo("node");
    }

    @Test
    void heartbeatsGoOnlyToConnectionsIdleForAnInterval() {
        EventHub hub = hub(new RealtimeProperties(), true);
        Recording idle = subscribe(hub, "user:1", "business:7", null);
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        Recording busy = subscribe(hub, "user:2", "business:8", null);
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        hub.heartbeats();
        assertThat(idle.written).containsExactly("heartbeat");
        assertThat(busy.written).isEmpty();
    }

    @Test
    void stopClosesEveryConnectionAndRefusesNewOnes() {
        EventHub hub = hub(new RealtimeProperties(), true);
        Recording open = subscribe(hub, "user:1", "business:7", null);
        hub.stop();
        assertThat(open.ended).isEqualTo("shutdown");
        assertThat(hub.admit(new RealtimePrincipal("user:2", false, null))).isEqualTo("stopping");
    }

    @Test
    void badSettingsFailWithTheValue() {
        RealtimeProperties properties = new RealtimeProperties();
        properties.setSendQueue(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hub(properties, true))
                .hasMessage("corp-astro.realtime.sendQueue must be > 0, was 0");
    }

    @Test
    void aStoppedHubAdmitsAgainOnceResumedAndSendsCoalescedEventsAtOnceWhileStopping() {
        EventHub hub = hub(new RealtimeProperties(), true);
        hub.stop();
        hub.publishCoalesced("business:7", "business.updated", 7L, Map.of("revision", 2), EventHub::mergeChanges);
        assertThat(scheduled).as("no window while the node stops").isEmpty();
        hub.resume();
        assertThat(hub.admit(new RealtimePrincipal("user:1", false, null))).isNull();
    }

    @Test
    void aFailingBusDoesNotFailThePublisher() {
        EventHub hub = hub(new RealtimeProperties(), true);
        hub.useBus(new EventBus() {
            @Override
            public void send(RealtimeEvent event) {
                throw new IllegalStateException("connection closed");
            }

            @Override
            public String name() {
                return "broken";
            }
        });
        Recording connection = subscribe(hub, "user:1", "business:7", null);
        hub.publish("business:7", "business.updated", 7L, Map.of("revision", 2));
        assertThat(connection.written).hasSize(1);
    }
}
