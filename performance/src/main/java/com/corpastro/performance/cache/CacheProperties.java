package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import com.corpastro.performance.autoconfigure.CircuitBreakerProperties;

/**
 * Settings of the application cache, under {@code corp-astro.cache}.
 *
 * <p>The Redis (L2) level is on when any of these is set, first one wins:
 * {@code corp-astro.cache.redis.cluster-nodes}, {@code corp-astro.cache.redis.url}, the
 * {@code REDIS_URL} environment variable (or property), {@code spring.data.redis.cluster.nodes},
 * {@code spring.data.redis.url}, {@code spring.data.redis.host} (with its {@code port},
 * {@code username}, {@code password}, {@code database} and {@code ssl.enabled}). Otherwise the
 * cache runs in the process only. {@code corp-astro.cache.redis.enabled=false} keeps it there
 * even when Redis is configured for other uses.
 */
@ConfigurationProperties("corp-astro.cache")
public class CacheProperties {

    /** Whether the application cache is on; off means every read goes to the source and nothing is stored. */
    private boolean enabled = true;

    /** Name of the cache in meters and logs, and part of the default Redis namespace. */
    private String name = "corp-astro";

    /** Most entries held in the in-process (L1) cache. No longer used: L1 is bounded by maximum-weight. */
    private long maximumEntries = 10_000;

    /**
     * Most memory the in-process (L1) cache holds before evicting: each entry is charged the heap its value
     * says it keeps (a stored response) or an estimate from its serialized size, and its key.
     */
    private DataSize maximumWeight = DataSize.ofMegabytes(64);

    /**
     * Key prefixes whose in-process entries live in a region of their own, bounded by region-maximum-weight
     * apart from maximum-weight, so other entries never evict them (such as small entries read on every
     * request beside large stored responses); empty for one region.
     */
    private List<String> regionKeyPrefixes = new ArrayList<>();

    /** Most memory the in-process region of region-key-prefixes holds before evicting. */
    private DataSize regionMaximumWeight = DataSize.ofMegabytes(4);

    /** Longest TTL any entry gets; longer TTLs are shortened to it. */
    private Duration maximumTtl = Duration.ofDays(1);

    /** How long a "not found" stays cached (getOrSetOptional, and null results of @Cacheable). */
    private Duration negativeTtl = Duration.ofSeconds(30);

    /** Fraction (0 to 0.5) of each TTL taken off at random, so entries written together expire apart. */
    private double ttlJitter = 0.1;

    /** How long one node may hold the cross-node lease on loading a key before other nodes load it too. */
    private Duration lockLease = Duration.ofSeconds(5);

    /** How long a set or delete keeps loads that began before it from writing their older value. */
    private Duration fence = Duration.ofSeconds(30);

    /**
     * How long after an in-process entry expired getOrSet may still return it while another caller on the
     * same node reloads the key (stale-while-revalidate); 0 turns it off. Invalidated entries are never served.
     */
    private Duration staleWhileRevalidate = Duration.ZERO;

    /**
     * How long a get remembers that a key was in neither level and answers "absent" without asking Redis
     * again (at most 10,000 keys; a change of the key on any node ends it); 0 turns it off.
     */
    private Duration redisMissTtl = Duration.ofSeconds(1);

    /**
     * Longest a getOrSet caller waits for the load of the same key that another caller on this node runs; past it,
     * it loads the value itself, so a load stuck on a dependency does not hold every caller of the key.
     */
    private Duration loadWait = Duration.ofSeconds(10);

    private final Redis redis = new Redis();

    private final Spring spring = new Spring();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    @Deprecated
    @DeprecatedConfigurationProperty(replacement = "corp-astro.cache.maximum-weight",
            reason = "L1 is bounded by the estimated bytes of its entries")
    public long getMaximumEntries() {
        return maximumEntries;
    }

    @Deprecated
    public void setMaximumEntries(long maximumEntries) {
        this.maximumEntries = maximumEntries;
    }

    public DataSize getMaximumWeight() {
        return maximumWeight;
    }

    public void setMaximumWeight(DataSize maximumWeight) {
        this.maximumWeight = maximumWeight;
    }

    public List<String> getRegionKeyPrefixes() {
        return regionKeyPrefixes;
    }

    public void setRegionKeyPrefixes(List<String> regionKeyPrefixes) {
        this.regionKeyPrefixes = regionKeyPrefixes;
    }

    public DataSize getRegionMaximumWeight() {
        return regionMaximumWeight;
    }

    public void setRegionMaximumWeight(DataSize regionMaximumWeight) {
        this.regionMaximumWeight = regionMaximumWeight;
    }

    public Duration getMaximumTtl() {
        return maximumTtl;
    }

    public void setMaximumTtl(Duration maximumTtl) {
        this.maximumTtl = maximumTtl;
    }

    public Duration getNegativeTtl() {
        return negativeTtl;
    }

    public void setNegativeTtl(Duration negativeTtl) {
        this.negativeTtl = negativeTtl;
    }

    public double getTtlJitter() {
        return ttlJitter;
    }

    public void setTtlJitter(double ttlJitter) {
        this.ttlJitter = ttlJitter;
    }

    public Duration getLockLease() {
        return lockLease;
    }

    public void setLockLease(Duration lockLease) {
        this.lockLease = lockLease;
    }

    public Duration getFence() {
        return fence;
    }

    public void setFence(Duration fence) {
        this.fence = fence;
    }

    public Duration getRedisMissTtl() {
        return redisMissTtl;
    }

    public void setRedisMissTtl(Duration redisMissTtl) {
        this.redisMissTtl = redisMissTtl;
    }

    public Duration getStaleWhileRevalidate() {
        return staleWhileRevalidate;
    }

    public void setStaleWhileRevalidate(Duration staleWhileRevalidate) {
        this.staleWhileRevalidate = staleWhileRevalidate;
    }

    public Duration getLoadWait() {
        return loadWait;
    }

    public void setLoadWait(Duration loadWait) {
        if (loadWait == null || loadWait.isNegative() || loadWait.isZero()) {
            throw new IllegalArgumentException("corp-astro.cache.load-wait must be > 0, was " + loadWait);
        }
        this.loadWait = loadWait;
    }

    public Redis getRedis() {
        return redis;
    }

    public Spring getSpring() {
        return spring;
    }

    /** The Redis (L2) level, under {@code corp-astro.cache.redis}. */
    public static class Redis {

        /** Whether to use Redis when one is configured (see the class comment for where it is looked up). */
        private boolean enabled = true;

        /** Redis URL, e.g. redis://user:secret@host:6379/0; empty means the REDIS_URL environment variable, then spring.data.redis.*. */
        private String url = "";

        /** Redis Cluster nodes (host:port or redis:// URLs); set means the Lettuce cluster client. */
        private List<String> clusterNodes = new ArrayList<>();

        /** Prefix of every key and of the invalidation channel; empty means ca:<name>. Nodes sharing a cache share it. */
        private String namespace = "";

        /** Longest wait for one Redis command before the call goes on with L1 only. */
        private Duration commandTimeout = Duration.ofMillis(50);

        /**
         * The circuit breaker named "redis" every Redis command passes (the rate limiter's too, when it uses
         * the same Redis): while open, the cache runs on L1 only without waiting for Redis.
         */
        @NestedConfigurationProperty
        private final CircuitBreakerProperties circuitBreaker = new CircuitBreakerProperties(
                "corp-astro.cache.redis.circuit-breaker", 10, Duration.ofSeconds(1), 1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public List<String> getClusterNodes() {
            return clusterNodes;
        }

        public void setClusterNodes(List<String> clusterNodes) {
            this.clusterNodes = clusterNodes;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public Duration getCommandTimeout() {
            return commandTimeout;
        }

        public void setCommandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
        }

        public CircuitBreakerProperties getCircuitBreaker() {
            return circuitBreaker;
        }
    }

    /** The Spring Cache abstraction ({@code @Cacheable}) over the same cache, under {@code corp-astro.cache.spring}. */
    public static class Spring {

        /** Whether to provide Spring's CacheManager over the application cache. */
        private boolean enabled = true;

        /** TTL of @Cacheable entries of caches not listed in ttls. */
        private Duration defaultTtl = Duration.ofMinutes(10);

        /** TTL per Spring cache name, e.g. corp-astro.cache.spring.ttls.templates=1h. */
        private Map<String, Duration> ttls = new LinkedHashMap<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getDefaultTtl() {
            return defaultTtl;
        }

        public void setDefaultTtl(Duration defaultTtl) {
            this.defaultTtl = defaultTtl;
        }

        public Map<String, Duration> getTtls() {
            return ttls;
        }

        public void setTtls(Map<String, Duration> ttls) {
            this.ttls = ttls;
        }
    }
}
