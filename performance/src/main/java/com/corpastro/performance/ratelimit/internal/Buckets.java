package com.corpastro.performance.ratelimit.internal;

import java.time.Clock;
import java.time.Duration;

import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.ratelimit.RateLimitDecision;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/** Bucket4j helpers shared by the local and the Redis limiter. */
public final class Buckets {

    private Buckets() {
    }

    /** A bucket of {@code limit} tokens that refills completely, token by token, over {@code period}. */
    public static BucketConfiguration configuration(EndpointPolicy policy) {
        return BucketConfiguration.builder().addLimit(bandwidth(policy)).build();
    }

    public static Bandwidth bandwidth(EndpointPolicy policy) {
        return Bandwidth.builder().capacity(policy.limit())
                .refillGreedy(policy.limit(), policy.period()).initialTokens(policy.limit()).build();
    }

    /** The bucket's identity: type, its limit (so a changed limit starts a fresh bucket) and the key. */
    public static String bucketKey(EndpointPolicy policy, String key) {
        return policy.name() + ":" + policy.limit() + "/" + policy.period().toMillis() + ":" + key;
    }

    public static RateLimitDecision decision(ConsumptionProbe probe) {
        return new RateLimitDecision(probe.isConsumed(), probe.getRemainingTokens(),
                probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()),
                Duration.ofNanos(probe.getNanosToWaitForReset()));
    }

    /** A wall-clock {@link TimeMeter} on {@code clock}, so buckets on different nodes agree. */
    public static TimeMeter timeMeter(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                var instant = clock.instant();
                return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
