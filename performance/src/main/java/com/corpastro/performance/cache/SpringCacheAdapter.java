package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cache.Cache;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link org.springframework.cache.CacheManager} over the application {@link CacheManager},
 * so {@code @Cacheable}, {@code @CachePut} and {@code @CacheEvict} use the same two levels and
 * the same cross-node invalidation. Spring cache {@code x} keeps its entries under
 * {@code spring:x:<key>}, tagged {@code spring-cache:x}, so {@code clear()} reaches every node.
 * {@code null} results are cached as "not found" (for the negative TTL) when the underlying
 * cache is a {@link TieredCacheManager}.
 *
 * <pre>{@code
 * @Cacheable("templates")
 * public Template template(String name) { ... }
 * }</pre>
 */
final class SpringCacheAdapter implements org.springframework.cache.CacheManager {

    private final CacheManager cache;
    private final Duration defaultTtl;
    private final Map<String, Duration> ttls;
    private final ConcurrentHashMap<String, Cache> caches = new ConcurrentHashMap<>();

    /**
     * @param cache      the application cache holding the entries
     * @param defaultTtl the TTL of entries of caches not named in {@code ttls}
     * @param ttls       TTLs per Spring cache name
     */
    SpringCacheAdapter(CacheManager cache, Duration defaultTtl, Map<String, Duration> ttls) {
        if (defaultTtl == null || defaultTtl.isNegative() || defaultTtl.isZero()) {
            throw new IllegalArgumentException("defaultTtl must be > 0, was " + defaultTtl);
        }
        ttls.forEach((name, ttl) -> {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("ttl of cache '" + name + "' must be > 0, was " + ttl);
            }
        });
        this.cache = cache;
        this.defaultTtl = defaultTtl;
        this.ttls = Map.copyOf(ttls);
    }

    @Override
    public Cache getCache(String name) {
        return caches.computeIfAbsent(name, n -> new NamedCache(n, ttls.getOrDefault(n, defaultTtl)));
    }

    @Override
    public Collection<String> getCacheNames() {
        return List.copyOf(caches.keySet());
    }

    private final class NamedCache implements Cache {

        private final String name;
        private final String prefix;
        private final Duration ttl;
        private final List<EntityTag> tags;

        NamedCache(String name, Duration ttl) {
            this.name = name;
            this.prefix = "spring:" + name + ":";
            this.ttl = ttl;
            this.tags = List.of(EntityTag.of("spring-cache", name));
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object getNativeCache() {
            return cache;
        }

        @Override
        public ValueWrapper get(Object key) {
            if (cache instanceof TieredCacheManager tiered) {
                Object value = tiered.lookup(key(key), Object.class);
                return value == null ? null : new SimpleValueWrapper(value == TieredCacheManager.NOT_FOUND ? null : value);
            }
            return cache.get(key(key), Object.class).map(SimpleValueWrapper::new).orElse(null);
        }

        @Override
        public <T> T get(Object key, Class<T> type) {
            ValueWrapper wrapper = get(key);
            if (wrapper == null || wrapper.get() == null) {
                return null;
            }
            if (type != null && !type.isInstance(wrapper.get())) {
                throw new IllegalStateException("cached value of '" + key + "' in cache '" + name + "' is a "
                        + wrapper.get().getClass().getName() + ", not a " + type.getName());
            }
            @SuppressWarnings("unchecked")
            T value = (T) wrapper.get();
            return value;
        }

        @Override
        public <T> T get(Object key, Callable<T> valueLoader) {
            java.util.function.Supplier<Object> loader = () -> {
                try {
                    return valueLoader.call();
                } catch (Exception e) {
                    throw new ValueRetrievalException(key, valueLoader, e);
                }
            };
            Object value;
            if (cache instanceof TieredCacheManager tiered) {
                value = tiered.getOrLoad(key(key), Object.class, ttl, tags, loader, true);
            } else {
                value = cache.getOrSet(key(key), Object.class, ttl, tags, loader);
            }
            @SuppressWarnings("unchecked")
            T result = value == TieredCacheManager.NOT_FOUND ? null : (T) value;
            return result;
        }

        @Override
        public void put(Object key, Object value) {
            if (value != null) {
                cache.set(key(key), value, ttl, tags);
            } else if (cache instanceof TieredCacheManager tiered) {
                tiered.put(key(key), TieredCacheManager.NOT_FOUND, ttl, tags);
            } else {
                cache.delete(key(key));
            }
        }

        @Override
        public void evict(Object key) {
            cache.delete(key(key));
        }

        @Override
        public void clear() {
            cache.invalidateEntity("spring-cache", name);
        }

        private String key(Object key) {
            return prefix + key;
        }
    }
}
