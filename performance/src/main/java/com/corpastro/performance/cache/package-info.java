/**
 * The application cache: Caffeine in the process (L1), Redis shared by every node (L2) when one is
 * configured, entity invalidation on every node, one load per key.
 *
 * <p>API: {@link com.corpastro.performance.cache.CacheManager}, {@link com.corpastro.performance.cache.EntityTag},
 * {@link com.corpastro.performance.cache.CacheStats}, {@link com.corpastro.performance.cache.TieredCacheManager}
 * (built by {@link com.corpastro.performance.cache.TieredCacheBuilder}) and
 * {@link com.corpastro.performance.cache.DisabledCacheManager}. Configuration:
 * {@code PerformanceCacheAutoConfiguration}, {@code CacheProperties} ({@code corp-astro.cache.*}).
 * The rest (generations, fences, single flight, the Redis level, meters, health, the Spring Cache
 * adapter) is package-private.
 */
package com.corpastro.performance.cache;
