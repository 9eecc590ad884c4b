package com.corpastro.performance.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.scaling.ScalingRecommendation.Signal;

class ScalingAdvisorTest {

    private static final long SECOND = 1_000_000_000L;
    private static final ScalingPolicy POLICY = new ScalingPolicy(32, 0.75, Duration.ofMillis(250),
            Duration.ofSeconds(30), 0.1, 1, 10, Duration.ofMinutes(5));

    private final ScalingAdvisor advisor = new ScalingAdvisor(POLICY);

    @Test
    void recommendsTheHpaFormulaOverTheAverageUtilizationOfTheRunningNodes() {
        ScalingRecommendation recommendation = advisor.evaluate(node(1.9), nodes(1.9, 1.5, 1.2), 0);
        // ceil(3 × 1.533) = 5
        assertThat(recommendation.currentReplicas()).isEqualTo(3);
        assertThat(recommendation.utilization()).isEqualTo(1.533);
        assertThat(recommendation.recommendedReplicas()).isEqualTo(5);
        assertThat(recommendation.reason()).startsWith("scale up: utilization 1.53 (this node's highest signal: "
                + "requests 1.90) on 3 nodes asks for 5");
        assertThat(recommendation.signals()).containsKey("requests");
    }

    @Test
    void withinTheToleranceTheReplicasStayAsTheyAre() {
        ScalingRecommendation recommendation = advisor.evaluate(node(1.08), nodes(1.08, 1.02), 0);
        assertThat(recommendation.recommendedReplicas()).isEqualTo(2);
        assertThat(recommendation.reason()).isEqualTo("steady: utilization 1.05 is within 10% of the target 1.0");
    }

    @Test
    void withoutOtherNodesTheNodeCountsItselfOnly() {
        ScalingRecommendation recommendation = advisor.evaluate(node(2.4), List.of(), 0);
        assertThat(recommendation.currentReplicas()).isEqualTo(1);
        assertThat(recommendation.recommendedReplicas()).isEqualTo(3);
    }

    @Test
    void theRecommendationStaysBetweenTheReplicaLimits() {
        ScalingAdvisor bounded = new ScalingAdvisor(new ScalingPolicy(32, 0.75, Duration.ofMillis(250),
                Duration.ofSeconds(30), 0.1, 2, 4, Duration.ZERO));
        assertThat(bounded.evaluate(node(9), nodes(9), 0).recommendedReplicas()).isEqualTo(4);
        assertThat(bounded.recommendation().reason()).endsWith("asks for 9, capped at max-replicas 4");
        assertThat(bounded.evaluate(node(0), nodes(0), SECOND).recommendedReplicas()).isEqualTo(2);
        assertThat(bounded.recommendation().reason()).endsWith(", raised to min-replicas 2");
    }

    @Test
    void scaleUpIsImmediateAndScaleDownWaitsForTheStabilizationWindow() {
        assertThat(advisor.evaluate(node(0.5), nodes(0.5), 0).recommendedReplicas()).isEqualTo(1);
        assertThat(advisor.evaluate(node(2.6), nodes(2.6), SECOND).recommendedReplicas()).as("at once").isEqualTo(3);

        ScalingRecommendation held = advisor.evaluate(node(0.2), nodes(0.2, 0.2, 0.2), 2 * SECOND);
        assertThat(held.recommendedReplicas()).isEqualTo(3);
        assertThat(held.reason()).startsWith("scale-down held: ").endsWith("but 3 was recommended within the last PT5M");
        assertThat(advisor.evaluate(node(0.2), nodes(0.2, 0.2, 0.2), 300 * SECOND).recommendedReplicas())
                .as("4 min 59 s after the high one").isEqualTo(3);

        ScalingRecommendation down = advisor.evaluate(node(0.2), nodes(0.2, 0.2, 0.2), 302 * SECOND);
        assertThat(down.recommendedReplicas()).isEqualTo(1);
        assertThat(down.reason()).startsWith("scale down: utilization 0.20");
    }

    @Test
    void aLowerRecommendationInsideTheWindowIsHeldAtTheHighestOne() {
        advisor.evaluate(node(4), nodes(4), 0);                                     // 4
        advisor.evaluate(node(1.5), nodes(1.5, 1.5), 100 * SECOND);                 // 3
        assertThat(advisor.evaluate(node(0.1), nodes(0.1, 0.1), 200 * SECOND).recommendedReplicas()).isEqualTo(4);
        assertThat(advisor.evaluate(node(0.1), nodes(0.1, 0.1), 350 * SECOND).recommendedReplicas()).isEqualTo(3);
        assertThat(advisor.evaluate(node(0.1), nodes(0.1, 0.1), 450 * SECOND).recommendedReplicas()).isEqualTo(1);
    }

    @Test
    void badPolicyValuesFailWithTheValue() {
        assertThatThrownBy(() -> new ScalingPolicy(0, 0.75, Duration.ofMillis(250), Duration.ofSeconds(30), 0.1, 1,
                10, Duration.ZERO)).hasMessage("targetInFlight must be > 0, was 0");
        assertThatThrownBy(() -> new ScalingPolicy(32, 1.5, Duration.ofMillis(250), Duration.ofSeconds(30), 0.1, 1,
                10, Duration.ZERO)).hasMessage("targetCpu must be above 0 and at most 1, was 1.5");
        assertThatThrownBy(() -> new ScalingPolicy(32, 0.75, Duration.ofMillis(250), Duration.ofSeconds(30), 0.1, 3,
                2, Duration.ZERO)).hasMessage("maxReplicas must be >= minReplicas (3), was 2");
        assertThatThrownBy(() -> new ScalingPolicy(32, 0.75, Duration.ofMillis(-1), Duration.ofSeconds(30), 0.1, 1,
                2, Duration.ZERO)).hasMessage("latencyObjective must be > 0, was PT-0.001S");
    }

    private static NodeSignals node(double requestsUtilization) {
        return NodeSignals.of(Map.of("requests", new Signal(requestsUtilization * 32, 32, requestsUtilization,
                "requests")), 0, -1, Duration.ZERO);
    }

    private static List<NodeLoad> nodes(double... utilizations) {
        List<NodeLoad> nodes = new ArrayList<>();
        for (int i = 0; i < utilizations.length; i++) {
            nodes.add(new NodeLoad("node-" + i, utilizations[i]));
        }
        return nodes;
    }
}
