/**
 * The CDN in front of the service: edge keys on public responses and durable purges of changed
 * entities.
 *
 * <p>API: {@link com.corpastro.performance.cdn.EdgeKeys} (the edge keys of entity tags and the headers
 * they go in) and {@link com.corpastro.performance.cdn.CdnPurger} (declare one to purge another CDN).
 * Configuration: {@code CdnAutoConfiguration}, {@code CdnProperties} ({@code corp-astro.cdn.*}). The
 * purgers of the providers, the outbox and its worker are package-private.
 */
package com.corpastro.performance.cdn;
