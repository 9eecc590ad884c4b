package com.corpastro.performance.analytics;

import java.time.Instant;

/**
 * A span of time, {@code [from, to)}.
 *
 * @param from first instant
 * @param to   end, excluded
 */
public record Period(Instant from, Instant to) {
}
