/**
 * Every error as RFC 9457 problem+json with a stable {@code code} and the request id.
 *
 * <p>API: {@link com.corpastro.performance.error.AppError} (throw it),
 * {@link com.corpastro.performance.error.ProblemDetailsHandler} (the advice; {@code write} for
 * filters and other code outside Spring MVC), {@link com.corpastro.performance.error.ErrorCodes}
 * and {@link com.corpastro.performance.error.RequestIdFilter}'s header, MDC key and
 * {@code requestId(request)}. Configuration: {@code ProblemDetailsAutoConfiguration},
 * {@code ErrorProperties} ({@code corp-astro.error.*}). The error controller, the filter for bodiless
 * errors and the problem writer are package-private; {@code ProblemErrorReportValve} is public for Tomcat.
 */
package com.corpastro.performance.error;
