package com.corpastro.backend.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.astro.ExactTransits;
import com.corpastro.backend.astro.Planet;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.realtime.EventHub;

/**
 * {@code transit.exact}: for the businesses with subscribers on this node (at most
 * {@code corp-astro.events.transit-max-businesses}), the exact aspects of the transiting bodies to
 * the natal ones are computed ahead of time over a horizon (one sampling of the sky per horizon,
 * shared by every business; a business's list again only when its revision changes), and each is
 * sent when its moment has come, at most one interval late. Each node does this for its own
 * subscribers, so the events go to this node's subscribers only, not over the bus.
 */
@Component
@ConditionalOnProperty(prefix = "corp-astro.realtime", name = "enabled", matchIfMissing = true)
class TransitWatch {

    private static final Logger log = LoggerFactory.getLogger(TransitWatch.class);
    private static final Caller SYSTEM = new Caller(null, true);
    private static final String PREFIX = "business:";

    /** Sends one event; the hub's {@code publishLocal} in the service. */
    @FunctionalInterface
    interface Sender {
        void send(String topic, long businessId, Map<String, Object> payload);
    }

    private record Plan(int revision, Instant windowFrom, List<ExactTransits.Exact> exact) {
    }

    private final Supplier<Set<String>> topics;
    private final Sender sender;
    private final LongFunction<Business> businesses;
    private final AstroEngine astro;
    private final EventsProperties properties;
    private final Clock clock;
    private final Map<Long, Plan> plans = new ConcurrentHashMap<>();
    private final Map<String, Instant> sent = new ConcurrentHashMap<>();
    private volatile ExactTransits window;

    @Autowired
    TransitWatch(EventHub hub, BusinessService businesses, AstroEngine astro, EventsProperties properties,
            Clock clock) {
        this(hub::topics, (topic, id, payload) -> hub.publishLocal(topic, "transit.exact", id, payload, false),
                id -> {
                    try {
                        return businesses.get(SYSTEM, id);
                    } catch (AppError gone) {
                        return null;
                    }
                }, astro, properties, clock);
    }

    /** @param businesses the business of an id, null when there is none (any more) */
    TransitWatch(Supplier<Set<String>> topics, Sender sender, LongFunction<Business> businesses, AstroEngine astro,
            EventsProperties properties, Clock clock) {
        this.topics = topics;
        this.sender = sender;
        this.businesses = businesses;
        this.astro = astro;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${corp-astro.events.transit-interval:PT20S}")
    void run() {
        Instant now = clock.instant();
        ExactTransits sky = window(now);
        Set<Long> watched = new HashSet<>();
        for (String topic : topics.get().stream().filter(t -> t.startsWith(PREFIX)).sorted()
                .limit(properties.getTransitMaxBusinesses()).toList()) {
            long id = Long.parseLong(topic.substring(PREFIX.length()));
            watched.add(id);
            Business business = businesses.apply(id);
            if (business == null) {
                continue;
            }
            Plan plan = plans.get(id);
            if (plan == null || plan.revision() != business.revision() || !plan.windowFrom().equals(sky.from())) {
                plan = new Plan(business.revision(), sky.from(), sky.to(natal(business)));
                plans.put(id, plan);
            }
            for (ExactTransits.Exact exact : plan.exact()) {
                if (exact.exactAt().isAfter(now)) {
                    break;
                }
                // Due within the last interval and a bit: a moment missed by a longer pause is not sent late.
                if (exact.exactAt().isAfter(now.minus(properties.getTransitInterval().multipliedBy(3)))
                        && sent.putIfAbsent(id + ":" + exact, exact.exactAt()) == null) {
                    Map<String, Object> payload = new LinkedHashMap<>();
                    payload.put("planet", exact.transiting().key());
                    payload.put("natalPlanet", exact.natal().key());
                    payload.put("aspect", exact.type().key());
                    payload.put("exactAt", exact.exactAt().toString());
                    sender.send(topic, id, payload);
                    log.info("event=transit_exact businessId={} planet={} natal={} aspect={} exactAt={}", id,
                            exact.transiting().key(), exact.natal().key(), exact.type().key(), exact.exactAt());
                }
            }
        }
        plans.keySet().retainAll(watched);
        Instant forgotten = now.minus(properties.getTransitInterval().multipliedBy(4));
        sent.entrySet().removeIf(e -> e.getValue().isBefore(forgotten)
                || !watched.contains(Long.parseLong(e.getKey().substring(0, e.getKey().indexOf(':')))));
    }

    /** The sky sampled over the horizon, again once half of it has passed. */
    private ExactTransits window(Instant now) {
        ExactTransits current = window;
        Duration horizon = properties.getTransitHorizon();
        if (current == null || now.isBefore(current.from()) || now.isAfter(current.to().minus(horizon.dividedBy(2)))) {
            // Starts a little in the past, so a moment just before a new window is still found.
            current = astro.exactTransits(now.minus(properties.getTransitInterval().multipliedBy(3)), now.plus(horizon));
            window = current;
        }
        return current;
    }

    private static Map<Planet, Double> natal(Business business) {
        Map<Planet, Double> natal = new EnumMap<>(Planet.class);
        business.natalChart().forEach((key, point) -> natal.put(Planet.valueOf(key.toUpperCase(Locale.ROOT)),
                point.longitude()));
        return natal;
    }
}
