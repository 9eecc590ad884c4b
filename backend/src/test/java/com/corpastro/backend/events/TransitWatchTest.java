package com.corpastro.backend.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.astro.Planet;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.business.ChartPoint;
import com.corpastro.testing.MutableClock;

class TransitWatchTest {

    private record Sent(String topic, long businessId, Map<String, Object> payload, Instant at) {
    }

    private final AstroEngine astro = new AstroEngine();
    private final Instant start = Instant.parse("2026-12-04T00:00:00Z");
    private final MutableClock clock = new MutableClock(start);
    private final List<Sent> sent = new ArrayList<>();
    private Set<String> topics = Set.of("business:7");

    private TransitWatch watch(Business business) {
        EventsProperties properties = new EventsProperties();
        return new TransitWatch(() -> topics, (topic, id, payload) -> sent.add(new Sent(topic, id, payload,
                clock.instant())), id -> id == business.id() ? business : null, astro, properties, clock);
    }

    /** A business whose natal Moon is where the transiting Moon will be at {@code moment}. */
    private Business natalMoonAt(Instant moment) {
        double moon = astro.chart(moment).positions().get(Planet.MOON).longitude();
        return new Business(7, 1, "Transit Co", Instant.parse("2001-02-03T04:05:06Z"), 0, 0,
                Map.of("moon", new ChartPoint(moon, "aries", 0, false)), 1);
    }

    @Test
    void sendsTheExactAspectWithinAMinuteOfItsMomentAndOnlyOnce() {
        Instant exactly = start.plus(Duration.ofMinutes(95));
        TransitWatch watch = watch(natalMoonAt(exactly));

        watch.run();
        assertThat(sent).as("computed ahead, not yet due").isEmpty();

        // The watch runs every 20 s: the first run at or after the moment sends it.
        clock.advance(Duration.ofMinutes(95).plusSeconds(15));
        watch.run();
        List<Sent> conjunctions = sent.stream().filter(s -> "moon".equals(s.payload().get("planet"))
                && "conjunction".equals(s.payload().get("aspect"))).toList();
        assertThat(conjunctions).hasSize(1);
        Sent event = conjunctions.get(0);
        assertThat(event.topic()).isEqualTo("business:7");
        assertThat(event.payload()).containsEntry("natalPlanet", "moon");
        Instant exactAt = Instant.parse((String) event.payload().get("exactAt"));
        assertThat(Duration.between(exactly, exactAt).abs()).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.between(exactAt, event.at())).isLessThan(Duration.ofMinutes(1)).isGreaterThanOrEqualTo(Duration.ZERO);

        clock.advance(Duration.ofSeconds(20));
        int before = sent.size();
        watch.run();
        assertThat(sent).as("not sent twice").hasSize(before);
    }

    @Test
    void businessesWithoutSubscribersAreNotWatched() {
        Instant exactly = start.plus(Duration.ofMinutes(30));
        TransitWatch watch = watch(natalMoonAt(exactly));
        topics = Set.of("admin", "business:8");
        clock.advance(Duration.ofMinutes(30).plusSeconds(10));
        watch.run();
        assertThat(sent).isEmpty();
    }

}
