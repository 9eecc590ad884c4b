package com.corpastro.performance.analytics;

/**
 * When a route counts as slower: its p95 grew by at least {@code threshold} (default 25%) and by at
 * least {@code minimumIncreaseMs} (default 10 ms, so that a 2 ms route taking 3 ms on a busy machine
 * is not news), both periods hold at least {@code minimumSamples} requests, and the two p95s differ
 * beyond their uncertainty. The uncertainty has two parts:
 *
 * <ul>
 * <li>sampling: a period's requests are a sample, so its p95 is known only up to a distribution-free
 * confidence interval: the sample quantiles at {@code p -/+ z*sqrt(p(1-p)/n)} (the binomial bound on
 * the rank of the true quantile, normal approximation; {@code z} from the confidence, 1.96 for 95%);
 * <li>the sketch: each DDSketch quantile is within its relative accuracy {@code a} (1%) of the exact
 * sample quantile, so the lower bound is multiplied by {@code 1 - a} and the upper by {@code 1 + a}.
 * </ul>
 *
 * A regression needs the current period's lower bound above the baseline's upper bound.
 */
final class RegressionRule {

    static final double QUANTILE = 0.95;

    private final double threshold;
    private final double minimumIncreaseMs;
    private final long minimumSamples;
    private final double z;
    private final double relativeAccuracy;

    RegressionRule(double threshold, double minimumIncreaseMs, long minimumSamples, double confidence,
            double relativeAccuracy) {
        this.threshold = threshold;
        this.minimumIncreaseMs = minimumIncreaseMs;
        this.minimumSamples = minimumSamples;
        this.z = normalQuantile((1 + confidence) / 2);
        this.relativeAccuracy = relativeAccuracy;
    }

    boolean isRegression(Tally current, Tally baseline) {
        if (current.requests() < minimumSamples || baseline.requests() < minimumSamples) {
            return false;
        }
        double now = current.quantile(QUANTILE);
        double before = baseline.quantile(QUANTILE);
        if (!(before > 0) || now / before - 1 < threshold || now - before < minimumIncreaseMs) {
            return false;
        }
        double currentLow = current.quantile(QUANTILE - margin(current.requests())) * (1 - relativeAccuracy);
        double baselineHigh = baseline.quantile(QUANTILE + margin(baseline.requests())) * (1 + relativeAccuracy);
        return currentLow > baselineHigh;
    }

    private double margin(long n) {
        return z * Math.sqrt(QUANTILE * (1 - QUANTILE) / n);
    }

    /** The standard normal quantile of {@code p} (Abramowitz and Stegun 26.2.23, error below 4.5e-4). */
    static double normalQuantile(double p) {
        if (p < 0.5) {
            return -normalQuantile(1 - p);
        }
        double t = Math.sqrt(-2 * Math.log(1 - p));
        return t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    }
}
