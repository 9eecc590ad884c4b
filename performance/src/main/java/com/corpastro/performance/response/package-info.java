/**
 * The response filter: {@code Cache-Control} by endpoint type, weak ETags and 304s, compression,
 * and the server-side response cache in the application cache.
 *
 * <p>API: {@link com.corpastro.performance.response.ResponseCacheTags} (the entity tags of the
 * response a handler writes, and its opt-out) and {@link com.corpastro.performance.response.CachedResponse}
 * (a stored response). Configuration: {@code ResponseAutoConfiguration},
 * {@code ResponseCacheProperties} ({@code corp-astro.http.response-cache.*}). The filter is package-private.
 */
package com.corpastro.performance.response;
