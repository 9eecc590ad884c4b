package com.corpastro.performance.cdn;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;

/**
 * Sends the outbox's purges: claims due rows in a transaction, sends their distinct keys in calls of
 * the purger's batch size while the rate limit allows, deletes the rows the CDN accepted and moves
 * the others' next attempt back (doubling from the initial backoff to the maximum). Runs every poll
 * interval and at once after a change commits ({@link #nudge()}). A row is deleted only after its
 * purge succeeded and in the transaction that claimed it, so a crash at any point leaves it to send
 * again: purges are delivered at least once.
 */
final class PurgeWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PurgeWorker.class);

    private final PurgeOutbox outbox;
    private final CdnPurger purger;
    private final TransactionTemplate transactions;
    private final Bucket calls;
    private final int batchSize;
    private final int claimSize;
    private final Duration pollInterval;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile PurgeOutbox.Backlog backlog = new PurgeOutbox.Backlog(0, null);
    private ScheduledExecutorService executor;

    PurgeWorker(PurgeOutbox outbox, CdnPurger purger, TransactionTemplate transactions, int batchSize,
            int maxCallsPerMinute, int claimSize, Duration pollInterval, Duration initialBackoff, Duration maxBackoff,
            Clock clock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
        }
        if (maxCallsPerMinute < 1) {
            throw new IllegalArgumentException("maxCallsPerMinute must be > 0, was " + maxCallsPerMinute);
        }
        if (claimSize < 1) {
            throw new IllegalArgumentException("claimSize must be > 0, was " + claimSize);
        }
        requirePositive("pollInterval", pollInterval);
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        this.outbox = outbox;
        this.purger = purger;
        this.transactions = transactions;
        this.batchSize = Math.min(batchSize, purger.maxKeysPerCall());
        this.calls = Bucket.builder().addLimit(Bandwidth.builder().capacity(maxCallsPerMinute)
                .refillGreedy(maxCallsPerMinute, Duration.ofMinutes(1)).build()).build();
        this.claimSize = claimSize;
        this.pollInterval = pollInterval;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.clock = clock;
    }

    /** Keys the CDN accepted purges of since start. */
    long sent() {
        return sent.get();
    }

    /** Keys whose purge call failed since start (each retry counts again). */
    long failed() {
        return failed.get();
    }

    /** The age of the oldest purge waiting in the outbox, as of the last pass; zero when it was empty. */
    Duration outboxAge() {
        Instant oldest = backlog.oldest();
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant()).abs();
    }

    /** The purges waiting in the outbox, as of the last pass. */
    long outboxSize() {
        return backlog.size();
    }

    /** Sends the outbox's due purges now, on the worker's thread. */
    void nudge() {
        ScheduledExecutorService running = executor;
        if (running != null && nudged.compareAndSet(false, true)) {
            running.execute(() -> {
                nudged.set(false);
                drainGuarded();
            });
        }
    }

    /** Sends due purges until none is left, a call fails or the rate limit stops it; returns the keys purged. */
    int drain() {
        int purged = 0;
        while (true) {
            Pass pass = transactions.execute(status -> pass());
            purged += pass.purged();
            if (!pass.more()) {
                break;
            }
        }
        backlog = outbox.backlog();
        return purged;
    }

    private record Pass(int purged, boolean more) {
    }

    private Pass pass() {
        List<PurgeOutbox.Row> rows = outbox.claimDue(claimSize);
        if (rows.isEmpty()) {
            return new Pass(0, false);
        }
        Map<String, List<PurgeOutbox.Row>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(row));
        List<String> keys = List.copyOf(byKey.keySet());
        int purged = 0;
        for (int from = 0; from < keys.size(); from += batchSize) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
            List<PurgeOutbox.Row> batchRows = batch.stream().flatMap(key -> byKey.get(key).stream()).toList();
            if (!calls.tryConsume(1)) {
                log.info("event=cdn_purge_rate_limited provider={} waiting={}", purger.name(), keys.size() - from);
                return new Pass(purged, false);
            }
            try {
                purger.purge(batch);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failed.addAndGet(batch.size());
                outbox.retryLater(batchRows, this::backoff, e.toString());
                log.warn("event=cdn_purge_failed provider={} keys={} attempts={} error=\"{}\"", purger.name(),
                        batch.size(), batchRows.get(0).attempts() + 1, e.toString());
                return new Pass(purged, false);
            }
            outbox.delete(batchRows);
            sent.addAndGet(batch.size());
            purged += batch.size();
            log.info("event=cdn_purged provider={} keys={} oldestAgeMs={}", purger.name(), batch.size(),
                    Duration.between(batchRows.get(0).createdAt(), clock.instant()).toMillis());
        }
        return new Pass(purged, rows.size() == claimSize);
    }

    /** The wait after the {@code attempts}-th failure: the initial backoff doubled per earlier failure, at most the maximum. */
    Duration backoff(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private void drainGuarded() {
        try {
            drain();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                log.warn("event=cdn_outbox_read_failed provider={} error=\"{}\"", purger.name(), e.toString());
            }
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "corp-astro-cdn-purge");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::drainGuarded, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }
}
