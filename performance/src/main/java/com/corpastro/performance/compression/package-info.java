/**
 * Response compression: br, zstd and gzip negotiated from {@code Accept-Encoding}.
 *
 * <p>API: {@link com.corpastro.performance.compression.Compression} (with its builder) and
 * {@link com.corpastro.performance.compression.ContentCoding}. Configuration:
 * {@code CompressionAutoConfiguration}, {@code CompressionProperties}
 * ({@code corp-astro.http.compression.*}); the response filter applies it.
 */
package com.corpastro.performance.compression;
