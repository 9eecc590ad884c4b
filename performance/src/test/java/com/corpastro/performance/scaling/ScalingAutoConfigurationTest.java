package com.corpastro.performance.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ScalingAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ScalingAutoConfiguration.class));

    @Test
    void signalsRecommendationDrainAndEndpointAreOnByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ScalingAdvisor.class).hasSingleBean(Drain.class)
                    .hasSingleBean(ScalingController.class).hasSingleBean(ScalingTasks.class);
            assertThat(context.getBean("corpAstroNodeLoadFilter", FilterRegistrationBean.class).getOrder())
                    .isEqualTo(ScalingAutoConfiguration.NODE_LOAD_FILTER_ORDER);
            assertThat(context.getBean(ClusterView.class)).as("no Redis configured: this node only")
                    .isNotInstanceOf(RedisHeartbeats.class);
            assertThat(context.getBean(ScalingAdvisor.class).recommendation().currentReplicas()).isEqualTo(1);
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.scaling.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ScalingAdvisor.class).doesNotHaveBean(Drain.class));
    }

    @Test
    void aRedisUrlTurnsOnTheHeartbeats() {
        runner.withPropertyValues("REDIS_URL=redis://127.0.0.1:1")
                .run(context -> assertThat(context.getBean(ClusterView.class)).isInstanceOf(RedisHeartbeats.class));
    }

    @Test
    void badValuesFailWithTheValue() {
        runner.withPropertyValues("corp-astro.scaling.target-cpu=2").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("targetCpu must be above 0 and at most 1, was 2.0"));
        runner.withPropertyValues("corp-astro.scaling.drain-delay=-1s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("drainDelay must be >= 0, was PT-1S"));
        runner.withPropertyValues("corp-astro.scaling.max-replicas=0").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("maxReplicas must be >= minReplicas (1), was 0"));
    }

    @Test
    void theSignalsAreGauges() {
        // No scheduled sample after the start-up one: the gauges are read against one evaluation.
        WebApplicationContextRunner quiet = runner.withPropertyValues("corp-astro.scaling.target-in-flight=8",
                "corp-astro.scaling.sample-interval=1h");
        quiet.run(context -> {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(ScalingMeters.class).bindTo(registry);
            context.getBean(ScalingTasks.class).tick();
            assertThat(registry.get("corp_astro.scaling.utilization").gauge().value()).isGreaterThanOrEqualTo(0);
            assertThat(registry.get("corp_astro.scaling.signal.utilization").tag("signal", "requests").gauge()
                    .value()).isZero();
            assertThat(registry.get("corp_astro.scaling.signal.utilization").tag("signal", "pool").gauge().value())
                    .as("no pool here").isNaN();
            assertThat(registry.get("corp_astro.scaling.in_flight").gauge().value()).isZero();
            assertThat(registry.get("corp_astro.scaling.replicas.current").gauge().value()).isEqualTo(1);
            // The CPU of this busy test JVM may well ask for two: the gauge shows what the advisor says.
            assertThat(registry.get("corp_astro.scaling.replicas.recommended").gauge().value())
                    .isEqualTo(context.getBean(ScalingAdvisor.class).recommendation().recommendedReplicas());
            assertThat(registry.get("corp_astro.scaling.latency.p95").gauge().getId().getBaseUnit())
                    .isEqualTo("seconds");
            assertThat(registry.get("corp_astro.scaling.pool.pending").gauge().value()).isNaN();
        });
    }
}
