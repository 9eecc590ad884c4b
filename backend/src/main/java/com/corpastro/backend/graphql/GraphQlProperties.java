package com.corpastro.backend.graphql;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Limits of the GraphQL endpoint and its persisted queries, under {@code corp-astro.graphql}. */
@ConfigurationProperties("corp-astro.graphql")
public class GraphQlProperties {

    /** The deepest field nesting an operation may have (the root fields are depth 1); deeper is query_too_deep. */
    private int maxDepth = 10;

    /**
     * The most an operation may cost: every field counts its weight times the sizes of the lists it is
     * in (a page of businesses counts its 'first'); more is query_too_complex. A call also takes its cost
     * from the caller's 'graphql' rate-limit bucket.
     */
    private int maxComplexity = 2_000;

    /** The weight of a Business.content field: it may generate text, so it counts as this many fields. */
    private int contentWeight = 10;

    /** Whether callers other than admins may run introspection (__schema, __type); off in production. */
    private boolean publicIntrospection = false;

    /** How long a persisted query (APQ) is kept after it was last registered, on every node. */
    private Duration persistedQueryTtl = Duration.ofDays(7);

    /** The longest query text the endpoint accepts, in characters (the request body limit comes first). */
    private int maxQueryLength = 20_000;

    public int getMaxDepth() {
        return maxDepth;
    }

    public void setMaxDepth(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("corp-astro.graphql.max-depth must be >= 1, was " + maxDepth);
        }
        this.maxDepth = maxDepth;
    }

    public int getMaxComplexity() {
        return maxComplexity;
    }

    public void setMaxComplexity(int maxComplexity) {
        if (maxComplexity < 1) {
            throw new IllegalArgumentException("corp-astro.graphql.max-complexity must be >= 1, was " + maxComplexity);
        }
        this.maxComplexity = maxComplexity;
    }

    public int getContentWeight() {
        return contentWeight;
    }

    public void setContentWeight(int contentWeight) {
        if (contentWeight < 1) {
            throw new IllegalArgumentException("corp-astro.graphql.content-weight must be >= 1, was " + contentWeight);
        }
        this.contentWeight = contentWeight;
    }

    public boolean isPublicIntrospection() {
        return publicIntrospection;
    }

    public void setPublicIntrospection(boolean publicIntrospection) {
        this.publicIntrospection = publicIntrospection;
    }

    public Duration getPersistedQueryTtl() {
        return persistedQueryTtl;
    }

    public void setPersistedQueryTtl(Duration persistedQueryTtl) {
        if (persistedQueryTtl == null || persistedQueryTtl.isNegative() || persistedQueryTtl.isZero()) {
            throw new IllegalArgumentException(
                    "corp-astro.graphql.persisted-query-ttl must be > 0, was " + persistedQueryTtl);
        }
        this.persistedQueryTtl = persistedQueryTtl;
    }

    public int getMaxQueryLength() {
        return maxQueryLength;
    }

    public void setMaxQueryLength(int maxQueryLength) {
        if (maxQueryLength < 1) {
            throw new IllegalArgumentException("corp-astro.graphql.max-query-length must be >= 1, was " + maxQueryLength);
        }
        this.maxQueryLength = maxQueryLength;
    }
}
