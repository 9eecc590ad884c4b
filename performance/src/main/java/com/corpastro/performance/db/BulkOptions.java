package com.corpastro.performance.db;

import java.util.List;

/**
 * Options of {@link DatabaseOptimizer#bulkInsert(String, java.util.Collection, BulkOptions)}:
 *
 * <pre>{@code
 * BulkOptions.defaults().ignoringDuplicates("external_id");
 * }</pre>
 *
 * @param batchSize        rows per statement on databases without COPY (H2); PostgreSQL streams
 *                         every row through one COPY
 * @param ignoreDuplicates whether rows that would violate a unique constraint are skipped (and
 *                         counted in {@link BulkResult#skipped()}) instead of failing the insert
 * @param conflictColumns  the unique columns that decide what a duplicate is; empty means any
 *                         unique constraint on PostgreSQL and the primary key elsewhere
 */
public record BulkOptions(int batchSize, boolean ignoreDuplicates, List<String> conflictColumns) {

    /** Default rows per statement where COPY is not available. */
    public static final int DEFAULT_BATCH_SIZE = 1_000;

    public BulkOptions {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
        }
        conflictColumns = conflictColumns == null ? List.of() : List.copyOf(conflictColumns);
        if (!conflictColumns.isEmpty() && !ignoreDuplicates) {
            throw new IllegalArgumentException("conflictColumns " + conflictColumns + " need ignoreDuplicates");
        }
    }

    /** Batches of {@value #DEFAULT_BATCH_SIZE}; a duplicate fails the whole insert. */
    public static BulkOptions defaults() {
        return new BulkOptions(DEFAULT_BATCH_SIZE, false, List.of());
    }

    public BulkOptions withBatchSize(int batchSize) {
        return new BulkOptions(batchSize, ignoreDuplicates, conflictColumns);
    }

    /** Skips rows that conflict on {@code columns} (or on any unique constraint when none are given). */
    public BulkOptions ignoringDuplicates(String... columns) {
        return new BulkOptions(batchSize, true, List.of(columns));
    }
}
