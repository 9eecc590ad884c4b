/**
 * Implementation of the database optimizer: SQL fingerprints, failure classification, dialects,
 * COPY and batched inserts, EXPLAIN parsing. Not an API: these types may change at any time.
 */
package com.corpastro.performance.db.internal;
