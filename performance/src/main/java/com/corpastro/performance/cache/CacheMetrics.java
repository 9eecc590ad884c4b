package com.corpastro.performance.cache;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes a {@link CacheManager}'s {@link CacheStats} as Micrometer meters tagged
 * {@code cache=<name>}: counters, so hit rates add up across nodes.
 *
 * <ul>
 * <li>{@code corp-astro.cache.gets{level=l1|l2, result=hit|miss}}</li>
 * <li>{@code corp-astro.cache.loads{result=success|failure}}, {@code corp-astro.cache.load.duration}</li>
 * <li>{@code corp-astro.cache.evictions{level=l1}}, {@code corp-astro.cache.errors{level=l2}}</li>
 * <li>{@code corp-astro.cache.invalidations{direction=applied|sent|received}},
 * {@code corp-astro.cache.invalidation.lag}</li>
 * <li>{@code corp-astro.cache.size{level=l1}} (gauge)</li>
 * </ul>
 */
final class CacheMetrics implements MeterBinder {

    private final CacheManager cache;
    private final String name;

    CacheMetrics(CacheManager cache, String name) {
        this.cache = cache;
        this.name = name;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "corp-astro.cache.gets", "lookups", s -> s.l1Hits(), "level", "l1", "result", "hit");
        counter(registry, "corp-astro.cache.gets", "lookups", s -> s.l1Misses(), "level", "l1", "result", "miss");
        counter(registry, "corp-astro.cache.gets", "lookups", s -> s.l2Hits(), "level", "l2", "result", "hit");
        counter(registry, "corp-astro.cache.gets", "lookups", s -> s.l2Misses(), "level", "l2", "result", "miss");
        counter(registry, "corp-astro.cache.l2.undecodable", "Redis entries not readable as the requested type",
                s -> s.l2Undecodable());
        counter(registry, "corp-astro.cache.l2.misses.remembered", "gets answered from a remembered Redis miss",
                s -> s.l2MissesRemembered());
        counter(registry, "corp-astro.cache.loads", "loader runs", s -> s.loads() - s.loadFailures(), "result", "success");
        counter(registry, "corp-astro.cache.loads", "loader runs", s -> s.loadFailures(), "result", "failure");
        counter(registry, "corp-astro.cache.evictions", "entries evicted for size or expiry", s -> s.evictions(), "level", "l1");
        counter(registry, "corp-astro.cache.errors", "failed Redis commands", s -> s.l2Errors(), "level", "l2");
        counter(registry, "corp-astro.cache.invalidations", "entity invalidations", s -> s.invalidations(), "direction", "applied");
        counter(registry, "corp-astro.cache.invalidations", "invalidation messages", s -> s.invalidationsSent(), "direction", "sent");
        counter(registry, "corp-astro.cache.invalidations", "invalidation messages", s -> s.invalidationsReceived(), "direction", "received");
        FunctionTimer.builder("corp-astro.cache.load.duration", cache, c -> c.stats().loads(),
                c -> c.stats().totalLoadNanos(), TimeUnit.NANOSECONDS)
                .tag("cache", name).description("time spent in loaders").register(registry);
        FunctionTimer.builder("corp-astro.cache.invalidation.lag", cache, c -> c.stats().invalidationsReceived(),
                c -> c.stats().invalidationLagNanos(), TimeUnit.NANOSECONDS)
                .tag("cache", name).description("delay from another node's invalidation to applying it here")
                .register(registry);
        Gauge.builder("corp-astro.cache.size", cache, c -> c.stats().size())
                .tags("cache", name, "level", "l1").description("entries held in L1").register(registry);
    }

    private void counter(MeterRegistry registry, String meter, String description, ToDoubleFunction<CacheStats> value,
            String... tags) {
        FunctionCounter.builder(meter, cache, c -> value.applyAsDouble(c.stats()))
                .tag("cache", name).tags(tags).description(description).register(registry);
    }
}
