package com.corpastro.performance.analytics;

/**
 * Where one service-level objective stands.
 *
 * @param name                 the endpoint type it covers
 * @param target               share of requests that must be good (0.999)
 * @param latencyMs            a request slower than this (or answered with a 5xx) is bad
 * @param window               the compliance window, ISO-8601 ({@code P30D})
 * @param requests             requests in the window
 * @param compliance           share of good requests in the window; {@code null} without requests
 * @param errorBudgetRemaining share of the window's error budget left (1 untouched, 0 spent, below 0 overspent)
 * @param burnRate5m           how fast the budget burns over the last 5 minutes (1 = exactly spent at the window's end)
 * @param burnRate30m          the same over 30 minutes
 * @param burnRate1h           the same over 1 hour
 * @param burnRate6h           the same over 6 hours
 * @param burnRate3d           the same over 3 days
 * @param status               {@code page}, {@code ticket}, {@code ok} or {@code no_data}
 */
public record ObjectiveStatus(String name, double target, double latencyMs, String window, long requests,
        Double compliance, Double errorBudgetRemaining, Double burnRate5m, Double burnRate30m, Double burnRate1h,
        Double burnRate6h, Double burnRate3d, String status) {
}
