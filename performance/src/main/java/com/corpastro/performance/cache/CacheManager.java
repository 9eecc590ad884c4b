package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The performance system's application cache: typed get/set with a TTL, compute-once
 * {@code getOrSet}, and invalidation of every entry built from an entity.
 *
 * <pre>{@code
 * Business b = cache.getOrSet("business:" + id, Business.class, Duration.ofMinutes(10),
 *         List.of(EntityTag.of("business", id)), () -> repository.find(id));
 * ...
 * cache.invalidateEntity("business", id);   // every entry tagged business:<id> is gone
 * }</pre>
 *
 * <p>Implementations are thread-safe. Values should be immutable (records are ideal): the
 * cache hands the same instance to every caller.
 */
public interface CacheManager {

    /** The cached value for {@code key}, if present, unexpired and of the given type. */
    <T> Optional<T> get(String key, Class<T> type);

    /**
     * The cached value for {@code key}, if present, unexpired and readable as {@code type}, generics
     * included ({@code new TypeRef<List<Business>>() {}}); a value that is not is a miss. The default
     * checks only the class.
     */
    @SuppressWarnings("unchecked")
    default <T> Optional<T> get(String key, TypeRef<T> type) {
        return (Optional<T>) get(key, type.rawClass());
    }

    /** Stores {@code value} under {@code key} for {@code ttl}, with no entity tags. */
    default void set(String key, Object value, Duration ttl) {
        set(key, value, ttl, List.of());
    }

    /**
     * Stores {@code value} under {@code key} for {@code ttl}; the entry is dropped when any of
     * {@code tags} is invalidated.
     */
    void set(String key, Object value, Duration ttl, Collection<EntityTag> tags);

    /**
     * {@link #set(String, Object, Duration, Collection) set} for a value just read from the source of
     * truth, which any copy other nodes hold is as good as: it is stored on both levels but other nodes
     * are not told to drop theirs (a miss-fill needs no broadcast). Use {@code set} when the value changed.
     */
    default void fill(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
        set(key, value, ttl, tags);
    }

    /**
     * A mark of the entity invalidations this cache has seen so far, for
     * {@link #fill(String, Object, Duration, Collection, long)}: take it before reading what the value
     * will be built from.
     */
    default long invalidationMark() {
        return 0L;
    }

    /**
     * {@link #fill(String, Object, Duration, Collection) fill}, unless an entity invalidation (or a
     * flush) reached this cache after {@code invalidationMark} was taken: a value built from data read
     * before a change must not be stored after it, when its tags' new generations would make it look
     * current. Used when the tags are known only once the value is built (a response whose handler
     * names them); {@code getOrSet} fences its loads by itself.
     *
     * <pre>{@code
     * long mark = cache.invalidationMark();
     * Response response = render(repository.find(id));          // may run while the entity changes
     * cache.fill(key, response, ttl, List.of(EntityTag.of("business", id)), mark);
     * }</pre>
     *
     * @return whether the value was stored
     */
    default boolean fill(String key, Object value, Duration ttl, Collection<EntityTag> tags, long invalidationMark) {
        if (invalidationMark() != invalidationMark) {
            return false;
        }
        fill(key, value, ttl, tags);
        return true;
    }

    /** {@link #getOrSet(String, Class, Duration, Collection, Supplier)} without entity tags. */
    default <T> T getOrSet(String key, Class<T> type, Supplier<? extends T> loader, Duration ttl) {
        return getOrSet(key, type, ttl, List.of(), loader);
    }

    /**
     * The cached value for {@code key}; on a miss, runs {@code loader} once however many
     * threads ask at the same time, stores its result and returns it. A loader exception
     * reaches every waiting caller and nothing is stored. A {@code null} from the loader is
     * returned and not stored.
     */
    <T> T getOrSet(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader);

    /**
     * {@link #getOrSet(String, Class, Duration, Collection, Supplier)} for a generic type: a value in
     * Redis written by another node (or before L1 dropped it) is read back as {@code type}, such as a
     * {@code List<Business>} of records rather than of maps; one that cannot be read as {@code type}
     * is a miss and the loader runs. The default checks only the class.
     *
     * <pre>{@code
     * static final TypeRef<List<Business>> BUSINESSES = new TypeRef<>() {};
     * List<Business> mine = cache.getOrSet("business-list:" + owner, BUSINESSES, ttl,
     *         List.of(EntityTag.of("business-list", owner)), () -> repository.findByOwner(owner));
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    default <T> T getOrSet(String key, TypeRef<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        return (T) getOrSet(key, (Class<Object>) type.rawClass(), ttl, tags, loader);
    }

    /**
     * Like {@link #getOrSet(String, Class, Duration, Collection, Supplier)} for a source that may
     * have nothing: an empty result ("not found") is cached too, for the shorter negative TTL of
     * the implementation, so repeated lookups of a missing id do not all reach the source.
     * Implementations without negative caching simply do not store the empty result.
     */
    default <T> Optional<T> getOrSetOptional(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<Optional<? extends T>> loader) {
        return Optional.ofNullable(getOrSet(key, type, ttl, tags, () -> loader.get().orElse(null)));
    }

    /** Removes the entry under {@code key}. */
    void delete(String key);

    /**
     * Removes every entry of the entity {@code entityType:entityId} on every node: those tagged with
     * it, and those under its conventional keys {@code entityType:entityId} and
     * {@code entityType:entityId:...} (an id without spaces), including entries whose load was
     * already under way when this was called. Inside a Spring transaction it runs after the commit.
     *
     * <pre>{@code
     * cache.set("user:123", user, Duration.ofHours(1));
     * cache.set("user:123:settings", settings, Duration.ofHours(1));
     * cache.invalidateEntity("user", "123");            // both gone, on every node
     * }</pre>
     */
    void invalidateEntity(String entityType, Object entityId);

    /** Counters since start-up. */
    CacheStats stats();
}
