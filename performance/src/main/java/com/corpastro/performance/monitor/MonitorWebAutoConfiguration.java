package com.corpastro.performance.monitor;

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
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.admin.AdminAccessAutoConfiguration;
import com.corpastro.performance.autoconfigure.FilterOrder;
import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;
import com.corpastro.performance.error.ProblemDetailsHandler;
import com.corpastro.performance.http.ResponseTimeListener;

/**
 * The monitor's web side in servlet applications: the {@link AdminPathFilter} that keeps
 * {@code corp-astro.monitor.admin-paths} (e.g. {@code /actuator/prometheus}) for admins, also
 * when the monitor itself is switched off; and, with a {@link PerformanceMonitor}, the request
 * metrics (response times and errors by route and status, from the HTTP layer's request timer),
 * the admin {@link MonitorController} and the {@link DashboardController} at {@code /dashboard}.
 */
@AutoConfiguration(after = {MonitorAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
        AdminAccessAutoConfiguration.class}, afterName = "com.corpastro.performance.memory.MemoryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean({ProblemDetailsHandler.class, AdminAccess.class})
@EnableConfigurationProperties(MonitorProperties.class)
public class MonitorWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "corpAstroAdminPathFilter")
    FilterRegistrationBean<AdminPathFilter> corpAstroAdminPathFilter(MonitorProperties properties,
            AdminAccess adminAccess, ProblemDetailsHandler problems) {
        FilterRegistrationBean<AdminPathFilter> registration = new FilterRegistrationBean<>(
                new AdminPathFilter(properties.getAdminPaths(), properties.getOpenPaths(), adminAccess, problems));
        registration.setOrder(FilterOrder.ADMIN_PATHS);
        return registration;
    }

    /** What needs the monitor: its request metrics, its API and the dashboard. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(PerformanceMonitor.class)
    static class MonitorWeb {

        /** Response times and errors of every request, timed by the HTTP layer's request timer. */
        @Bean
        @ConditionalOnMissingBean(name = "corpAstroRequestMetrics")
        ResponseTimeListener corpAstroRequestMetrics(PerformanceMonitor monitor, MonitorProperties properties) {
            return new RequestMetrics(monitor, properties.getExcludedPaths());
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
        DashboardController corpAstroDashboardController(MonitorProperties properties) {
            return new DashboardController(properties.getAssetBaseUrl());
        }
    }
}
