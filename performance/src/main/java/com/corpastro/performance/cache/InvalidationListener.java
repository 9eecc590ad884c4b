package com.corpastro.performance.cache;

/**
 * Told of every {@link CacheManager#invalidateEntity entity invalidation} at the moment it is asked
 * for: in the caller's thread and, when the caller runs a Spring transaction, inside it (the cache
 * itself drops its entries after the commit, before any after-commit work the listener registers;
 * without a transaction it has dropped them already). A listener that writes to the application's
 * database (a purge outbox) therefore commits or rolls back with the change itself.
 *
 * <pre>{@code
 * TieredCacheManager cache = TieredCacheManager.builder()
 *         .invalidationListener(tag -> outbox.add(tag))   // same transaction as the change
 *         .build();
 * }</pre>
 *
 * <p>An exception from the listener reaches the caller of {@code invalidateEntity} (and so rolls its
 * transaction back): a change whose consequence could not be recorded does not commit.
 */
@FunctionalInterface
public interface InvalidationListener {

    /** No listener. */
    InvalidationListener NONE = tag -> {
    };

    /** {@code tag} is being invalidated. */
    void invalidating(EntityTag tag);
}
