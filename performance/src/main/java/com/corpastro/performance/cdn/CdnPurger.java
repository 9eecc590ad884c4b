package com.corpastro.performance.cdn;

import java.io.IOException;
import java.util.List;

/**
 * Purges edge keys at a CDN. The performance system sends purges from its outbox
 * ({@code corp-astro.cdn.provider}: {@code varnish}, {@code fastly}, {@code cloudflare},
 * {@code akamai}), in calls of at most {@link #maxKeysPerCall()} keys, rate limited and retried;
 * an application may declare its own bean instead.
 *
 * <pre>{@code
 * @Bean
 * CdnPurger myCdn() {
 *     return new CdnPurger() {
 *         public String name() { return "my-cdn"; }
 *         public int maxKeysPerCall() { return 50; }
 *         public void purge(List<String> keys) throws IOException { ... }
 *     };
 * }
 * }</pre>
 */
public interface CdnPurger {

    /** The provider's name in logs and meters, e.g. {@code fastly}. */
    String name();

    /** The most keys one {@link #purge} call may carry (the provider's documented batch limit). */
    int maxKeysPerCall();

    /**
     * Purges every response cached under any of {@code keys} (at most {@link #maxKeysPerCall()});
     * returns normally only when the CDN accepted the purge.
     *
     * @throws IOException when the CDN cannot be reached or refused the purge; the keys are sent again later
     */
    void purge(List<String> keys) throws IOException, InterruptedException;
}
