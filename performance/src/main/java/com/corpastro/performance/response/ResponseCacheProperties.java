package com.corpastro.performance.response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The server-side response cache, under {@code corp-astro.http.response-cache}.
 */
@ConfigurationProperties("corp-astro.http.response-cache")
public class ResponseCacheProperties {

    /** Whether responses of the routes below are cached. */
    private boolean enabled = true;

    /**
     * GET routes whose responses are cached, "[GET ]/path/pattern[?name&name]", e.g.
     * "GET /api/content/{id}?date&lang"; empty caches nothing. The names after '?' are the query
     * parameters the route reads, in the order its cache key lists them; every other parameter is ignored:
     * it is not in the key and the handler does not see it. '?' cannot be PathPattern's one-character wildcard here.
     */
    private List<String> routes = new ArrayList<>();

    /** Host the cache keys carry, for several sites sharing one cache; empty for none. Never the Host header. */
    private String host = "";

    /** Longest time a response stays cached; a shorter max-age (s-maxage) of the response wins. */
    private Duration ttl = Duration.ofMinutes(1);

    /** Largest uncompressed body that is cached. */
    private DataSize maxEntrySize = DataSize.ofMegabytes(1);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getRoutes() {
        return routes;
    }

    public void setRoutes(List<String> routes) {
        this.routes = routes;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public DataSize getMaxEntrySize() {
        return maxEntrySize;
    }

    public void setMaxEntrySize(DataSize maxEntrySize) {
        this.maxEntrySize = maxEntrySize;
    }
}
