package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.corpastro.performance.monitor.MonitorAutoConfiguration;

class AnalyticsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonitorAutoConfiguration.class, AnalyticsAutoConfiguration.class));

    @Test
    void analyticsAreOnByDefaultWithTheStoreInMemoryWithoutADatabase() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PerformanceReports.class).hasSingleBean(ServiceLevels.class)
                    .hasSingleBean(Alerts.class).hasSingleBean(DailyReports.class).hasSingleBean(AnalyticsTasks.class);
            assertThat(context).getBean(AnalyticsStore.class).isInstanceOf(InMemoryAnalyticsStore.class);
            assertThat(context).doesNotHaveBean(AnalyticsController.class);
        });
    }

    @Test
    void alertsAndReportsGoToTheDatabaseWhenThereIsOne() {
        runner.withBean(DataSource.class, () -> {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:analytics-autoconfig;MODE=PostgreSQL");
            return h2;
        }).run(context -> assertThat(context).getBean(AnalyticsStore.class).isInstanceOf(JdbcAnalyticsStore.class));
    }

    @Test
    void switchedOffThereAreNoAnalytics() {
        runner.withPropertyValues("corp-astro.analytics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PerformanceReports.class)
                        .doesNotHaveBean(AnalyticsTasks.class));
    }

    @Test
    void withoutTheMonitorThereAreNoAnalytics() {
        runner.withPropertyValues("corp-astro.monitor.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PerformanceReports.class));
    }

    @Test
    void backsOffForTheApplicationsOwnStore() {
        AnalyticsStore own = new InMemoryAnalyticsStore(5);
        runner.withBean(AnalyticsStore.class, () -> own)
                .run(context -> assertThat(context.getBean(AnalyticsStore.class)).isSameAs(own));
    }

    @Test
    void aWebhookUrlAddsTheWebhookAndABadOneFailsWithTheValue() {
        runner.withPropertyValues("corp-astro.analytics.alert-webhook-url=")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("corp-astro.analytics.alert-webhook-url=mailto:ops@example.com")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "corp-astro.analytics.alert-webhook-url must be an http(s) URL, was 'mailto:ops@example.com'"));
    }

    @Test
    void badPropertiesFailWithTheValue() {
        runner.withPropertyValues("corp-astro.analytics.regression-threshold=-0.1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("corp-astro.analytics.regression-threshold must be > 0, was -0.1"));
        runner.withPropertyValues("corp-astro.analytics.objectives.content.target=99.9")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("corp-astro.analytics.objectives.content.target must be between 0 and 1, was 99.9"));
        runner.withPropertyValues("corp-astro.analytics.anomaly-window=90s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "corp-astro.analytics.anomaly-window must be a positive whole number of minutes, was PT1M30S"));
        runner.withPropertyValues("corp-astro.analytics.hour-settle-delay=30s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("corp-astro.analytics.hour-settle-delay must be >= 1 minute, was PT30S"));
        runner.withPropertyValues("corp-astro.analytics.hour-retention=12h")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("corp-astro.analytics.hour-retention must be >= 1 day, was PT12H"));
        runner.withPropertyValues("corp-astro.analytics.hour-table=rollup-hours")
                .withBean(DataSource.class, () -> new JdbcDataSource()).run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("was 'rollup-hours'"));
    }

    @Test
    void propertiesSetApdexThresholdsAndObjectives() {
        runner.withPropertyValues("corp-astro.analytics.apdex-thresholds.api=250ms",
                "corp-astro.analytics.objectives.api.target=0.99", "corp-astro.analytics.objectives.api.latency=1s")
                .run(context -> {
                    AnalyticsProperties properties = context.getBean(AnalyticsProperties.class);
                    assertThat(properties.apdexThreshold("api")).hasMillis(250);
                    assertThat(properties.apdexThreshold("content")).hasMillis(100);
                    assertThat(context.getBean(ServiceLevels.class).status().objectives())
                            .extracting(ObjectiveStatus::name).containsExactly("content", "public", "api");
                });
    }
}
