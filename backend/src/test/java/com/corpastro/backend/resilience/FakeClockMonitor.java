package com.corpastro.backend.resilience;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.RollupStore;

/** The performance monitor on {@link SlowRouteRegressionContract#CLOCK}, in place of the auto-configured one. */
@TestConfiguration
class FakeClockMonitor {

    @Bean(destroyMethod = "close")
    PerformanceMonitor monitorOnAFakeClock(RollupStore rollupStore) {
        return PerformanceMonitor.builder().clock(SlowRouteRegressionContract.CLOCK).nodeId("regression-node")
                .rollupStore(rollupStore).build();
    }
}
