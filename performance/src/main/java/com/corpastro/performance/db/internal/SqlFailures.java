package com.corpastro.performance.db.internal;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

import com.corpastro.performance.db.DatabaseCallRefusedException;

/**
 * Which database failures are worth another try. Spring's own classification puts connection
 * errors nowhere near "transient", and PostgreSQL's {@code 57P01} (backend terminated) arrives
 * without class 08, so the rules are spelled out here by SQLState.
 */
public final class SqlFailures {

    /** Serialization failure, deadlock, lock not available: the same work can succeed when re-run. */
    private static final Set<String> CONCURRENCY = Set.of("40001", "40P01", "55P03");

    /** The server ended the session (admin shutdown, crash shutdown, cannot connect now). */
    private static final Set<String> SESSION_ENDED = Set.of("57P01", "57P02", "57P03");

    private SqlFailures() {
    }

    /**
     * Whether {@code failure} may be retried. Concurrency failures always (in a transaction the
     * caller re-runs the whole transaction); connection failures only when no transaction was
     * open, because a commit may or may not have happened; timeouts, constraint violations and
     * syntax errors never.
     */
    public static boolean retryable(Throwable failure, boolean transactionOpen) {
        if (isTimeout(failure) || isRefused(failure)) {
            return false;
        }
        String state = sqlState(failure);
        if (state == null) {
            return false;
        }
        if (CONCURRENCY.contains(state)) {
            return true;
        }
        return isConnectionState(state) && (!transactionOpen || failure instanceof CannotCreateTransactionException);
    }

    /**
     * Whether the failure is a statement or deadline timeout, or a read that timed out on the
     * socket (a server that hangs): no retry, since the server may have done the work.
     */
    public static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof QueryTimeoutException || t instanceof TransactionTimedOutException
                    || t instanceof SQLTimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException e && "57014".equals(e.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Whether a guard refused the call without asking the database (open circuit, full bulkhead). */
    public static boolean isRefused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DatabaseCallRefusedException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Whether {@code failure} says the database did not answer: no connection (refused, broken,
     * none from the pool in time), the server ending the session, or a timeout. These count
     * against the database's circuit breaker; an answer that is an error (a constraint
     * violation, bad SQL) does not.
     */
    public static boolean isUnavailable(Throwable failure) {
        if (isTimeout(failure)) {
            return true;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null && isConnectionState(e.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The SQLState of the first {@link SQLException} in the cause chain, or {@code null}. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException e && e.getSQLState() != null) {
                return e.getSQLState();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    static boolean isConnectionState(String state) {
        return state.startsWith("08") || SESSION_ENDED.contains(state);
    }
}
