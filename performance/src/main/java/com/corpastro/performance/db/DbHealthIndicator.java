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
import org.springframework.boot.health.contributor.Status;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * DOWN when no connection comes within the bound or {@code SELECT 1} fails; UP with the time it
 * took otherwise. A check that hangs (an exhausted pool) is not started twice: later calls wait on
 * the same attempt, so health polling never piles up threads.
 *
 * <p>With the data source's circuit breaker given, the check still asks the database itself
 * (give it the data source behind the guard) and shows the circuit's state: a database that
 * answers while the circuit is still open or half-open (its calls still refused until the trial
 * calls succeed) is {@link #DEGRADED}.
 */
final class DbHealthIndicator implements HealthIndicator {

    /** The database answers again, but the circuit breaker still refuses calls until its trial calls succeed. */
    public static final Status DEGRADED = new Status("DEGRADED", "database answers, circuit breaker not closed yet");

    private final DataSource dataSource;
    private final Duration timeout;
    private final CircuitBreaker circuitBreaker;
    private final AtomicReference<CompletableFuture<Long>> inFlight = new AtomicReference<>();

    DbHealthIndicator(DataSource dataSource, Duration timeout) {
        this(dataSource, timeout, null);
    }

    /** @param circuitBreaker the breaker in front of {@code dataSource} in the application, or null */
    DbHealthIndicator(DataSource dataSource, Duration timeout, CircuitBreaker circuitBreaker) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        this.dataSource = dataSource;
        this.timeout = timeout;
        this.circuitBreaker = circuitBreaker;
    }

    @Override
    public Health health() {
        Health health = check();
        if (circuitBreaker == null) {
            return health;
        }
        CircuitBreaker.State state = circuitBreaker.getState();
        boolean closed = state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED;
        Health.Builder builder = health.getStatus().equals(Status.UP) && !closed ? Health.status(DEGRADED)
                : Health.status(health.getStatus());
        return builder.withDetails(health.getDetails()).withDetail("circuit", state.name())
                .withDetail("failureRate", circuitBreaker.getMetrics().getFailureRate())
                .withDetail("notPermittedCalls", circuitBreaker.getMetrics().getNumberOfNotPermittedCalls())
                .build();
    }

    private Health check() {
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
