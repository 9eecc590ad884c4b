/**
 * The HTTP layer that every feature's filter builds on: endpoint types, client identity and
 * addresses, request paths, the one request timer, security headers, the path firewall and the
 * request body limits.
 *
 * <p>API: {@link com.corpastro.performance.http.RequestIdentity},
 * {@link com.corpastro.performance.http.ClientAddressResolver},
 * {@link com.corpastro.performance.http.EndpointPolicy},
 * {@link com.corpastro.performance.http.EndpointClassifier},
 * {@link com.corpastro.performance.http.ServerTiming},
 * {@link com.corpastro.performance.http.ResponseTimeListener} and
 * {@link com.corpastro.performance.http.ResponseTiming}; the path helpers
 * {@link com.corpastro.performance.http.RequestPaths}, {@link com.corpastro.performance.http.PathPatterns}
 * and {@link com.corpastro.performance.http.RequestPatterns} (Spring {@code PathPattern} syntax, the
 * only one). Configuration: {@code HttpAutoConfiguration}, {@code RequestBodyLimitAutoConfiguration},
 * {@code HttpProperties} ({@code corp-astro.http.*}). The filters are package-private.
 */
package com.corpastro.performance.http;
