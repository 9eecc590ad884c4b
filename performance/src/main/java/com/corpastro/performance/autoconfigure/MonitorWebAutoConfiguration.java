package com.corpastro.performance.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.error.ProblemDetailsHandler;
import com.corpastro.performance.monitor.AdminPathFilter;
import com.corpastro.performance.monitor.DashboardController;
import com.corpastro.performance.monitor.MonitorController;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.RequestMetricsFilter;
import com.corpastro.performance.monitor.SummaryContributor;

import jakarta.servlet.DispatcherType;

/**
 * The monitor's web side in servlet applications: the {@link AdminPathFilter} that keeps
 * {@code corp-astro.monitor.admin-paths} (e.g. {@code /actuator/prometheus}) for admins, also
 * when the monitor itself is switched off; and, with a {@link PerformanceMonitor}, the
 * {@link RequestMetricsFilter} (response times and errors by route and status), the admin
 * {@link MonitorController} and the {@link DashboardController} at {@code /dashboard}.
 */
@AutoConfiguration(after = {MonitorAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
        AdminAccessAutoConfiguration.class, MemoryAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean({ProblemDetailsHandler.class, AdminAccess.class})
@EnableConfigurationProperties(MonitorProperties.class)
public class MonitorWebAutoConfiguration {

    /** Order of the request metrics filter: right after the request id, so it times nearly everything. */
    public static final int REQUEST_METRICS_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    /**
     * Order of the admin path filter: after the rate limit ({@link HttpAutoConfiguration#RATE_LIMIT_ORDER}),
     * before the response filter and anything that reads the body.
     */
    public static final int ADMIN_PATH_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 35;

    @Bean
    @ConditionalOnMissingBean(name = "corpAstroAdminPathFilter")
    FilterRegistrationBean<AdminPathFilter> corpAstroAdminPathFilter(MonitorProperties properties,
            AdminAccess adminAccess, ProblemDetailsHandler problems) {
        FilterRegistrationBean<AdminPathFilter> registration = new FilterRegistrationBean<>(
                new AdminPathFilter(properties.getAdminPaths(), properties.getOpenPaths(), adminAccess, problems));
        registration.setOrder(ADMIN_PATH_FILTER_ORDER);
        return registration;
    }

    /** What needs the monitor: its request metrics, its API and the dashboard. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(PerformanceMonitor.class)
    static class MonitorWeb {

        @Bean
        @ConditionalOnMissingBean(name = "corpAstroRequestMetricsFilter")
        FilterRegistrationBean<RequestMetricsFilter> corpAstroRequestMetricsFilter(PerformanceMonitor monitor,
                MonitorProperties properties) {
            FilterRegistrationBean<RequestMetricsFilter> registration = new FilterRegistrationBean<>(
                    new RequestMetricsFilter(monitor, properties.getExcludedPaths()));
            registration.setOrder(REQUEST_METRICS_FILTER_ORDER);
            registration.setDispatcherTypes(DispatcherType.REQUEST);
            return registration;
        }

        @Bean
        @ConditionalOnMissingBean(MonitorController.class)
        MonitorController corpAstroMonitorController(PerformanceMonitor monitor, AdminAccess adminAccess,
                ObjectProvider<SummaryContributor> contributors) {
            return new MonitorController(monitor, adminAccess, contributors.orderedStream().toList());
        }

        @Bean
        @ConditionalOnMissingBean(DashboardController.class)
        @ConditionalOnProperty(prefix = "corp-astro.monitor", name = "dashboard-enabled", matchIfMissing = true)
        DashboardController corpAstroDashboardController() {
            return new DashboardController();
        }
    }
}
