package com.corpastro.performance.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when no connection comes within the bound or {@code SELECT 1} fails; UP with the time it
 * took otherwise. A check that hangs (an exhausted pool) is not started twice: later calls wait on
 * the same attempt, so health polling never piles up threads.
 */
public final class DbHealthIndicator implements HealthIndicator {

    private final DataSource dataSource;
    private final Duration timeout;
    private final AtomicReference<CompletableFuture<Long>> inFlight = new AtomicReference<>();

    public DbHealthIndicator(DataSource dataSource, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        CompletableFuture<Long> check = inFlight.get();
        if (check == null || check.isDone()) {
            CompletableFuture<Long> fresh = new CompletableFuture<>();
            if (inFlight.compareAndSet(check, fresh)) {
                Thread thread = new Thread(() -> run(fresh), "corp-astro-db-health");
                thread.setDaemon(true);
                thread.start();
            }
            check = inFlight.get();
        }
        try {
            long millis = check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().withDetail("validationQuery", "SELECT 1").withDetail("responseTimeMs", millis).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "no connection or answer within " + timeout).build();
        } catch (ExecutionException e) {
            return Health.down(e.getCause() instanceof Exception cause ? cause : e).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().withDetail("error", "interrupted").build();
        }
    }

    private void run(CompletableFuture<Long> result) {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new IllegalStateException("SELECT 1 returned no 1");
                }
            }
            result.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }
}
