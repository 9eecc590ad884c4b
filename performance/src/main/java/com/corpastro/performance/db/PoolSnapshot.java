package com.corpastro.performance.db;

/**
 * The connection pool at one moment.
 *
 * @param active   connections in use
 * @param idle     connections waiting in the pool
 * @param pending  threads waiting for a connection
 * @param total    open connections ({@code active + idle})
 * @param max      the pool's maximum size
 * @param timeouts requests that gave up waiting for a connection, since start-up
 */
public record PoolSnapshot(int active, int idle, int pending, int total, int max, long timeouts) {
}
