package com.corpastro.performance.db;

import java.time.Duration;

import org.springframework.transaction.annotation.Isolation;

/**
 * Options of {@link DatabaseOptimizer#executeInTransaction(DbCallback, TxOptions)}:
 *
 * <pre>{@code
 * TxOptions.defaults().withIsolation(Isolation.SERIALIZABLE).withRetries(3);
 * }</pre>
 *
 * @param isolationLevel the isolation level; {@link Isolation#DEFAULT} for the database's
 * @param timeout        the deadline of the whole call, retries included; the transaction is
 *                       aborted on the server when a statement runs past it; {@code null} for
 *                       {@code corp-astro.db.transaction-timeout}
 * @param readOnly       whether the transaction is read-only
 * @param retries        how many times the whole transaction is re-run from the start after a
 *                       serialization failure, deadlock or lock-not-available error; {@code null}
 *                       for {@code corp-astro.db.retry.max-retries}
 */
public record TxOptions(Isolation isolationLevel, Duration timeout, boolean readOnly, Integer retries) {

    private static final TxOptions DEFAULTS = new TxOptions(Isolation.DEFAULT, null, false, null);

    public TxOptions {
        if (isolationLevel == null) {
            throw new IllegalArgumentException("isolationLevel must not be null; use Isolation.DEFAULT");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
        }
        if (retries != null && retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0, was " + retries);
        }
    }

    /** Database isolation, configured timeout and retries, read-write. */
    public static TxOptions defaults() {
        return DEFAULTS;
    }

    public TxOptions withIsolation(Isolation isolationLevel) {
        return new TxOptions(isolationLevel, timeout, readOnly, retries);
    }

    public TxOptions withTimeout(Duration timeout) {
        return new TxOptions(isolationLevel, timeout, readOnly, retries);
    }

    public TxOptions withReadOnly(boolean readOnly) {
        return new TxOptions(isolationLevel, timeout, readOnly, retries);
    }

    public TxOptions withRetries(int retries) {
        return new TxOptions(isolationLevel, timeout, readOnly, retries);
    }
}
