package com.corpastro.performance.db;

/**
 * What {@link DatabaseOptimizer#bulkInsert} did.
 *
 * @param inserted rows written to the table
 * @param skipped  rows left out as duplicates (of a row already in the table or earlier in the input)
 */
public record BulkResult(long inserted, long skipped) {
}
