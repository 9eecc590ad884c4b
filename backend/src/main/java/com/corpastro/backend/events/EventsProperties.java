package com.corpastro.backend.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the business event streams and the transit.exact events, under {@code corp-astro.events}. */
@ConfigurationProperties("corp-astro.events")
public class EventsProperties {

    /** How often the transit watch sends the exact aspects that became due; at most a minute, so each is sent within a minute of its moment. */
    private Duration transitInterval = Duration.ofSeconds(20);

    /** How far ahead the transit watch computes exact aspects for the businesses that have subscribers. */
    private Duration transitHorizon = Duration.ofHours(6);

    /** The most businesses (with subscribers on this node) the transit watch follows; the work per run is bounded by it. */
    private int transitMaxBusinesses = 5_000;

    public Duration getTransitInterval() {
        return transitInterval;
    }

    public void setTransitInterval(Duration transitInterval) {
        if (transitInterval == null || transitInterval.isNegative() || transitInterval.isZero()
                || transitInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("corp-astro.events.transit-interval must be > 0 and <= 1m, was "
                    + transitInterval);
        }
        this.transitInterval = transitInterval;
    }

    public Duration getTransitHorizon() {
        return transitHorizon;
    }

    public void setTransitHorizon(Duration transitHorizon) {
        if (transitHorizon == null || transitHorizon.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("corp-astro.events.transit-horizon must be >= 1h, was " + transitHorizon);
        }
        this.transitHorizon = transitHorizon;
    }

    public int getTransitMaxBusinesses() {
        return transitMaxBusinesses;
    }

    public void setTransitMaxBusinesses(int transitMaxBusinesses) {
        if (transitMaxBusinesses <= 0) {
            throw new IllegalArgumentException("corp-astro.events.transit-max-businesses must be > 0, was "
                    + transitMaxBusinesses);
        }
        this.transitMaxBusinesses = transitMaxBusinesses;
    }
}
