package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class AlertsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final Traffic traffic = new Traffic(T0, new AnalyticsProperties());
    private final InMemoryAnalyticsStore store = new InMemoryAnalyticsStore(100);
    private final List<Alert> heard = new CopyOnWriteArrayList<>();
    private final Alerts alerts = new Alerts(traffic.reports, new ServiceLevels(traffic.reports, traffic.properties),
            store, List.of(heard::add), traffic.properties);

    @Test
    void aFastBurnFiresOnePageAlertUntilItClearsThenResolves() {
        traffic.record("GET", "/content/day", 200, 950, i -> 40);
        traffic.record("GET", "/content/day", 500, 50, i -> 5);
        traffic.clock.advance(Duration.ofMinutes(1));

        alerts.evaluate();
        traffic.clock.advance(Duration.ofMinutes(1));
        alerts.evaluate();

        assertThat(heard).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("burn_rate:content:page");
            assertThat(alert.kind()).isEqualTo("burn_rate");
            assertThat(alert.severity()).isEqualTo("page");
            assertThat(alert.value()).isEqualTo(50.0);
            assertThat(alert.threshold()).isEqualTo(14.4);
            assertThat(alert.nodeId()).isEqualTo("node-1");
        });
        assertThat(alerts.recent(10)).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(Alert.FIRING);
            assertThat(alert.lastSeenAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        });

        // An hour of clean traffic later the 1 h window no longer burns fast enough to page.
        traffic.clock.advance(Duration.ofMinutes(61));
        traffic.record("GET", "/content/day", 200, 1000, i -> 40);
        traffic.clock.advance(Duration.ofMinutes(1));
        alerts.evaluate();

        assertThat(alerts.recent(10)).filteredOn(a -> a.key().equals("burn_rate:content:page")).singleElement()
                .satisfies(alert -> {
                    assertThat(alert.status()).isEqualTo(Alert.RESOLVED);
                    assertThat(alert.resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(64)));
                });
        // The slower windows still burn: a ticket now, fired once.
        assertThat(heard).extracting(Alert::key).containsExactly("burn_rate:content:page", "burn_rate:content:ticket");
    }

    @Test
    void anotherNodesFiringAlertIsNotRaisedAgain() {
        traffic.record("GET", "/content/day", 500, 100, i -> 5);
        traffic.clock.advance(Duration.ofMinutes(1));
        Alerts otherNode = new Alerts(traffic.reports, new ServiceLevels(traffic.reports, traffic.properties), store,
                List.of(), traffic.properties);
        otherNode.evaluate();

        alerts.evaluate();

        assertThat(heard).isEmpty();
        assertThat(store.alerts(10)).extracting(Alert::key).containsExactlyInAnyOrder("burn_rate:content:page");
    }

    @Test
    void aRouteSlowerThanAtTheSameTimeLastWeekIsAnAnomalyAndTheOthersAreNot() {
        traffic.record("GET", "/api/a", 200, 100, i -> 10 + i % 5);
        traffic.record("GET", "/api/b", 200, 100, i -> 10 + i % 5);
        traffic.clock.advance(Duration.ofDays(7));
        traffic.record("GET", "/api/a", 200, 100, i -> 10 + i % 5);
        traffic.record("GET", "/api/b", 200, 100, i -> 300 + i % 5);
        traffic.clock.advance(Duration.ofMinutes(1));

        alerts.evaluate();

        assertThat(heard).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("anomaly:GET /api/b");
            assertThat(alert.kind()).isEqualTo("anomaly");
            assertThat(alert.message()).contains("at the same time last week");
            assertThat(alert.threshold()).isEqualTo(14.0);
        });
    }

    @Test
    void withoutHistoryARouteAboveItsEwmaBandIsAnAnomaly() {
        for (int minute = 0; minute < 6; minute++) {
            traffic.record("GET", "/api/a", 200, 40, i -> 10 + i % 5);
            traffic.clock.advance(Duration.ofMinutes(15));
            alerts.evaluate();
        }
        assertThat(heard).isEmpty();

        traffic.record("GET", "/api/a", 200, 40, i -> 200 + i % 5);
        traffic.clock.advance(Duration.ofMinutes(15));
        alerts.evaluate();

        assertThat(heard).singleElement().satisfies(alert -> {
            assertThat(alert.key()).isEqualTo("anomaly:GET /api/a");
            assertThat(alert.message()).contains("above its usual band");
        });
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        Alerts withBadListener = new Alerts(traffic.reports, new ServiceLevels(traffic.reports, traffic.properties),
                store, List.of(alert -> {
                    throw new IllegalStateException("down");
                }, heard::add), traffic.properties);
        traffic.record("GET", "/content/day", 500, 100, i -> 5);
        traffic.clock.advance(Duration.ofMinutes(1));

        withBadListener.evaluate();

        assertThat(heard).hasSize(1);
    }
}
