/**
 * The Corp Astro performance system for Spring Boot services: one package per feature, each with
 * its own auto-configuration ({@code *AutoConfiguration}) and {@code @ConfigurationProperties}
 * under {@code corp-astro.*}; the types that only exist to be wired (filters, controllers, health
 * indicators) are package-private beside them, and {@code internal} packages hold implementation
 * that no public signature names.
 *
 * <p>The public API, what an application calls:
 * <ul>
 * <li>{@code cache}: {@code CacheManager} (get, set, fill, getOrSet, delete, invalidateEntity,
 * stats), {@code EntityTag}, {@code CacheStats}; {@code TieredCacheManager} with its
 * {@code TieredCacheBuilder}, {@code DisabledCacheManager}.</li>
 * <li>{@code db}: {@code DatabaseOptimizer} ({@code executeQuery}, {@code executeInTransaction},
 * {@code bulkInsert}) with {@code QueryOptions}, {@code TxOptions}, {@code BulkOptions},
 * {@code BulkResult}, {@code DbCallback}; {@code QueryAnalyzer} and its {@code QueryStatistics},
 * {@code QueryScope}; {@code QueryResultCache}; {@code DbPool} and {@code PoolSnapshot};
 * {@code GuardedDataSource}, {@code DatabaseCallRefusedException}.</li>
 * <li>{@code monitor}: {@code PerformanceMonitor} (record..., getMetrics, getAggregatedMetrics,
 * summary) with {@code MetricType}, {@code MetricPoint}, {@code MetricBucket},
 * {@code Aggregation}, {@code MetricSource}, {@code MonitorSummary}; rollup stores
 * ({@code RollupStore}, {@code JdbcRollupStore}, {@code InMemoryRollupStore}, {@code Rollup});
 * extension points {@code SummaryContributor} and {@code MonitorSampler}.</li>
 * <li>{@code error}: {@code AppError}, {@code ProblemDetailsHandler} (the advice, and
 * {@code write} for code outside Spring MVC), {@code ErrorCodes}, {@code RequestIdFilter}'s
 * header, MDC key and {@code requestId(request)}.</li>
 * <li>{@code ratelimit}: {@code RateLimiter} and {@code RateLimitDecision};
 * {@code LocalRateLimiter}, {@code RedisRateLimiter}, {@code FallbackRateLimiter}.</li>
 * <li>{@code memory}: {@code MemoryManager}, {@code LoadShedding}, {@code MemoryState},
 * {@code MemoryPressureListener}.</li>
 * <li>{@code http}: {@code RequestIdentity}, {@code ClientAddressResolver},
 * {@code EndpointPolicy}, {@code EndpointClassifier}, {@code ServerTiming},
 * {@code ResponseTimeListener} and {@code ResponseTiming}; the path helpers
 * {@code RequestPaths}, {@code PathPatterns} and {@code RequestPatterns}.</li>
 * <li>{@code response}: {@code ResponseCacheTags} (the entity tags and opt-out of a cached
 * response), {@code CachedResponse}.</li>
 * <li>{@code compression}: {@code Compression} and {@code ContentCoding}.</li>
 * <li>{@code admin}: {@code AdminAccess}, {@code TokenAdminAccess}.</li>
 * <li>{@code logging}: {@code UrlCredentials}.</li>
 * </ul>
 *
 * <p>Also public, as Spring Boot's own are: the auto-configurations (for ordering and
 * {@code @ImportAutoConfiguration}), the properties classes (for binding and the IDE), and
 * {@code autoconfigure}'s cross-feature pieces ({@code CircuitBreakerProperties},
 * {@code FilterOrder}). The module never imports the application that uses it.
 */
package com.corpastro.performance;
