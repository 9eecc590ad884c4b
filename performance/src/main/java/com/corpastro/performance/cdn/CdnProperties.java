package com.corpastro.performance.cdn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The CDN in front of the service, under {@code corp-astro.cdn}: the edge keys public responses
 * carry, and where purges of changed entities go.
 */
@ConfigurationProperties("corp-astro.cdn")
public class CdnProperties {

    /** Whether public responses carry their entity tags as edge keys; private ones never do. */
    private boolean enabled = true;

    /** The headers edge keys are sent in: surrogate-key (Fastly), cache-tag (Cloudflare), edge-cache-tag (Akamai), xkey (Varnish). */
    private List<EdgeKeys.Header> edgeKeyHeaders = new ArrayList<>(List.of(EdgeKeys.Header.values()));

    /** Where purges go: none (no purges), varnish, fastly, cloudflare or akamai. */
    private Provider provider = Provider.NONE;

    /**
     * The purge endpoint: Varnish's URL (e.g. http://127.0.0.1:6081/), Akamai's https://akab-....purge.akamaiapis.net;
     * Fastly's and Cloudflare's API base when empty.
     */
    private String purgeUrl = "";

    /** The provider's API token (Fastly-Key, Cloudflare bearer token, Akamai client_token:client_secret:access_token). */
    private String apiToken = "";

    /** Fastly's service id, Cloudflare's zone id, Akamai's network (production when empty). */
    private String serviceId = "";

    /**
     * Entity types whose invalidations are purged at the edge (e.g. template); empty for every type. Types whose
     * answers are private never reach an edge, and purging them only spends the provider's rate limit.
     */
    private List<String> entityTypes = new ArrayList<>();

    /** Whether purges are soft where the provider offers it (Varnish, Fastly, Akamai invalidate): stale copies may serve while refetched. */
    private boolean softPurge = true;

    /** The most keys per purge call; 0 for the provider's documented maximum, which also caps a larger value. */
    private int batchSize = 0;

    /** Purge calls allowed per minute; 0 for the provider's default (Varnish 6000, Fastly 600, Cloudflare 5, Akamai 100). */
    private int maxCallsPerMinute = 0;

    /** The longest wait for one purge call. */
    private Duration requestTimeout = Duration.ofSeconds(5);

    /** How often the outbox is read for purges not yet sent (a change also sends its purge at once after commit). */
    private Duration pollInterval = Duration.ofSeconds(1);

    /** The wait before the first retry of a failed purge; it doubles with each failure. */
    private Duration initialBackoff = Duration.ofSeconds(1);

    /** The longest wait between retries of a failed purge. */
    private Duration maxBackoff = Duration.ofMinutes(5);

    /** The table of the purge outbox (created by the application's migrations). */
    private String outboxTable = "cdn_purge_outbox";

    /** The most outbox rows one pass claims. */
    private int claimSize = 500;

    /** The CDNs a purge can go to. */
    public enum Provider {
        /** No purges. */
        NONE,
        /** Varnish with vmod xkey. */
        VARNISH,
        /** Fastly. */
        FASTLY,
        /** Cloudflare. */
        CLOUDFLARE,
        /** Akamai Fast Purge. */
        AKAMAI
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<EdgeKeys.Header> getEdgeKeyHeaders() {
        return edgeKeyHeaders;
    }

    public void setEdgeKeyHeaders(List<EdgeKeys.Header> edgeKeyHeaders) {
        this.edgeKeyHeaders = edgeKeyHeaders;
    }

    public Provider getProvider() {
        return provider;
    }

    public void setProvider(Provider provider) {
        this.provider = provider;
    }

    public String getPurgeUrl() {
        return purgeUrl;
    }

    public void setPurgeUrl(String purgeUrl) {
        this.purgeUrl = purgeUrl;
    }

    public String getApiToken() {
        return apiToken;
    }

    public void setApiToken(String apiToken) {
        this.apiToken = apiToken;
    }

    public String getServiceId() {
        return serviceId;
    }

    public void setServiceId(String serviceId) {
        this.serviceId = serviceId;
    }

    public List<String> getEntityTypes() {
        return entityTypes;
    }

    public void setEntityTypes(List<String> entityTypes) {
        this.entityTypes = entityTypes;
    }

    public boolean isSoftPurge() {
        return softPurge;
    }

    public void setSoftPurge(boolean softPurge) {
        this.softPurge = softPurge;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getMaxCallsPerMinute() {
        return maxCallsPerMinute;
    }

    public void setMaxCallsPerMinute(int maxCallsPerMinute) {
        this.maxCallsPerMinute = maxCallsPerMinute;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public String getOutboxTable() {
        return outboxTable;
    }

    public void setOutboxTable(String outboxTable) {
        this.outboxTable = outboxTable;
    }

    public int getClaimSize() {
        return claimSize;
    }

    public void setClaimSize(int claimSize) {
        this.claimSize = claimSize;
    }
}
