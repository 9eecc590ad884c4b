package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ServiceLevelsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final Traffic traffic = new Traffic(T0, new AnalyticsProperties());
    private final ServiceLevels serviceLevels = new ServiceLevels(traffic.reports, traffic.properties);

    private ObjectiveStatus objective(String name) {
        return serviceLevels.status().objectives().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void objectivesWithoutTrafficHaveNoData() {
        assertThat(serviceLevels.status().objectives()).extracting(ObjectiveStatus::name, ObjectiveStatus::status,
                ObjectiveStatus::window).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("content", "no_data", "P30D"),
                        org.assertj.core.groups.Tuple.tuple("public", "no_data", "P30D"));
    }

    @Test
    void slowAndFailedRequestsBurnTheBudgetAndAFastBurnPages() {
        // 1,000 content requests in the last minutes: 970 fast, 20 slower than 300 ms, 10 failed.
        traffic.clock.advance(Duration.ofMinutes(3));
        traffic.record("GET", "/content/day", 200, 970, i -> 40);
        traffic.record("GET", "/content/day", 200, 20, i -> 900);
        traffic.record("GET", "/content/day", 500, 10, i -> 5);
        traffic.record("GET", "/api/ignored", 500, 100, i -> 5);

        ObjectiveStatus content = objective("content");

        assertThat(content.requests()).isEqualTo(1000);
        assertThat(content.compliance()).isEqualTo(0.97);
        // 3% bad against a 0.1% budget: burning 30x, over 5 minutes and every longer window alike
        assertThat(content.burnRate5m()).isCloseTo(30, within(0.01));
        assertThat(content.burnRate1h()).isCloseTo(30, within(0.01));
        assertThat(content.burnRate3d()).isCloseTo(30, within(0.01));
        assertThat(content.errorBudgetRemaining()).isCloseTo(-29, within(0.01));
        assertThat(content.status()).isEqualTo("page");
        assertThat(objective("public").status()).isEqualTo("no_data");
    }

    @Test
    void aBurnOfTenTimesOverSixHoursOpensATicketNotAPage() {
        // 1% bad against a 0.1% budget: 10x in every window, above 6x but below the 14.4x that pages.
        traffic.record("GET", "/content/day", 200, 990, i -> 40);
        traffic.record("GET", "/content/day", 503, 10, i -> 5);
        traffic.clock.advance(Duration.ofMinutes(1));

        ObjectiveStatus content = objective("content");

        assertThat(content.burnRate1h()).isCloseTo(10, within(0.01));
        assertThat(content.burnRate6h()).isCloseTo(10, within(0.01));
        assertThat(content.status()).isEqualTo("ticket");
    }

    @Test
    void aSlowBurnThatHasStoppedDoesNotPageButOpensATicket() {
        // Two hours ago 1% bad (10x); since then clean traffic: the 1 h and 5 min windows are clean.
        traffic.record("GET", "/content/day", 200, 990, i -> 40);
        traffic.record("GET", "/content/day", 503, 10, i -> 5);
        traffic.clock.advance(Duration.ofHours(2));
        traffic.record("GET", "/content/day", 200, 1000, i -> 40);
        traffic.clock.advance(Duration.ofMinutes(1));

        ObjectiveStatus content = objective("content");

        assertThat(content.burnRate1h()).isEqualTo(0.0);
        assertThat(content.burnRate6h()).isCloseTo(5, within(0.01));
        assertThat(content.status()).isEqualTo("ticket");
    }

    @Test
    void settledHoursAreCountedOnceAndStillCountAfterTheRawWindow() {
        traffic.record("GET", "/public/x", 200, 100, i -> 10);
        traffic.record("GET", "/public/x", 500, 1, i -> 10);
        traffic.clock.advance(Duration.ofHours(3));
        ObjectiveStatus first = objective("public");
        traffic.clock.advance(Duration.ofMinutes(1));
        ObjectiveStatus second = objective("public");

        assertThat(first.requests()).isEqualTo(101);
        assertThat(second.requests()).isEqualTo(101);
        assertThat(second.compliance()).isCloseTo(100 / 101.0, within(1e-6));
        assertThat(second.status()).isEqualTo("ticket");
    }
}
