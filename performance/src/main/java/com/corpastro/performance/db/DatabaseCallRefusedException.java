package com.corpastro.performance.db;

import java.sql.SQLTransientConnectionException;

/**
 * Thrown by {@link GuardedDataSource#getConnection()} without touching the database: its circuit
 * breaker is open (the database failed recently) or its bulkhead is full (too many calls already
 * wait for a connection). Spring wraps it in a
 * {@link org.springframework.jdbc.CannotGetJdbcConnectionException}; the problem+json handler
 * answers 503 {@code database_unavailable} with {@code Retry-After}. It is never retried:
 * the same refusal would come back.
 */
public final class DatabaseCallRefusedException extends SQLTransientConnectionException {

    /** SQLState 08004: the server (here its guard) rejected the connection. */
    public static final String SQL_STATE = "08004";

    public DatabaseCallRefusedException(String reason) {
        super(reason, SQL_STATE);
    }
}
