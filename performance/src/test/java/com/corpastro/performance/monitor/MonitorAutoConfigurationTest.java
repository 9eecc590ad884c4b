package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import com.corpastro.performance.admin.AdminAccessAutoConfiguration;
import com.corpastro.performance.memory.MemoryAutoConfiguration;
import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;
import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;

class MonitorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MonitorAutoConfiguration.class, MemoryAutoConfiguration.class,
                    PerformanceCacheAutoConfiguration.class));

    @Test
    void monitorIsOnByDefaultWithRollupsInMemoryWithoutADatabase() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PerformanceMonitor.class).hasSingleBean(SystemSampler.class);
            assertThat(context).getBean(RollupStore.class).isInstanceOf(InMemoryRollupStore.class);
            assertThat(context.getBean(PerformanceMonitor.class).capacity()).isEqualTo(1_000_000);
            assertThat(context.getBeansOfType(SummaryContributor.class)).hasSize(2); // cache and memory
        });
    }

    @Test
    void rollupsGoToTheDatabaseWhenThereIsOne() {
        runner.withBean(DataSource.class, () -> {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:autoconfig;MODE=PostgreSQL");
            return h2;
        }).run(context -> assertThat(context).getBean(RollupStore.class).isInstanceOf(JdbcRollupStore.class));
    }

    @Test
    void propertiesShapeTheMonitor() {
        runner.withPropertyValues("corp-astro.monitor.capacity=5000", "corp-astro.monitor.node-id=node-7")
                .run(context -> {
                    PerformanceMonitor monitor = context.getBean(PerformanceMonitor.class);
                    assertThat(monitor.capacity()).isEqualTo(5000);
                    assertThat(monitor.nodeId()).isEqualTo("node-7");
                });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.monitor.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PerformanceMonitor.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnMonitor() {
        PerformanceMonitor own = PerformanceMonitor.builder().capacity(10).build();
        runner.withBean(PerformanceMonitor.class, () -> own)
                .run(context -> assertThat(context.getBean(PerformanceMonitor.class)).isSameAs(own));
    }

    @Test
    void badPropertiesFailWithTheValue() {
        runner.withPropertyValues("corp-astro.monitor.capacity=-3").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("capacity must be > 0, was -3"));
        runner.withPropertyValues("corp-astro.monitor.flush-interval=0s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("flush-interval must be > 0, was PT0S"));
    }

    @Test
    void webPiecesComeOnlyInServletApplications() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MonitorAutoConfiguration.class,
                        MonitorWebAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
                        AdminAccessAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(MonitorController.class)
                        .hasSingleBean(DashboardController.class).hasBean("corpAstroRequestMetrics")
                        .hasBean("corpAstroAdminPathFilter"));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MonitorAutoConfiguration.class,
                        MonitorWebAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
                        AdminAccessAutoConfiguration.class))
                .withPropertyValues("corp-astro.monitor.dashboard-enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(DashboardController.class)
                        .hasSingleBean(MonitorController.class));
        runner.withConfiguration(AutoConfigurations.of(MonitorWebAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(MonitorController.class));
    }

    @Test
    void adminPathsStayGuardedWhenTheMonitorIsOff() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MonitorAutoConfiguration.class,
                        MonitorWebAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
                        AdminAccessAutoConfiguration.class))
                .withPropertyValues("corp-astro.monitor.enabled=false",
                        "corp-astro.monitor.admin-paths=/api/admin/**,/actuator/**",
                        "corp-astro.monitor.open-paths=/actuator/health/**")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(MonitorController.class).hasBean("corpAstroAdminPathFilter");
                    AdminPathFilter filter = (AdminPathFilter) context
                            .getBean("corpAstroAdminPathFilter", org.springframework.boot.web.servlet.FilterRegistrationBean.class)
                            .getFilter();
                    assertThat(filter.requiresAdmin("/actuator/%70rometheus")).isTrue();
                    assertThat(filter.requiresAdmin("/actuator/health/liveness")).isFalse();
                });
    }

    @Test
    void anAdminPathThatIsNoPathFailsWithTheValue() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MonitorWebAutoConfiguration.class,
                        ProblemDetailsAutoConfiguration.class, AdminAccessAutoConfiguration.class))
                .withPropertyValues("corp-astro.monitor.admin-paths=actuator/**")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("'actuator/**'"));
    }
}
