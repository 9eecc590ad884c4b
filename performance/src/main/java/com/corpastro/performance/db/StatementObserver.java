package com.corpastro.performance.db;

import java.util.function.DoubleConsumer;

/**
 * Receives the duration of every statement a {@link QueryAnalyzer} sees, grouped by operation and
 * table; the auto-configuration connects the performance monitor's {@code database_query} series
 * this way. {@link #forStatements} runs once per statement fingerprint and its recorder is kept, so
 * a statement costs one call of the recorder and no lookup.
 *
 * <pre>{@code
 * analyzer.observe((operation, table) -> ms -> histogram(operation, table).record(ms));
 * }</pre>
 */
@FunctionalInterface
public interface StatementObserver {

    /**
     * The recorder of statements of one shape, called with each one's duration in milliseconds.
     *
     * @param operation {@code select}, {@code insert}, {@code update}, {@code delete}, {@code merge} or {@code other}
     * @param table     the table the statement reads from or writes to, {@code -} when none
     */
    DoubleConsumer forStatements(String operation, String table);
}
