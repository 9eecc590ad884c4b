package com.corpastro.performance.analytics;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.admin.AdminAccessAutoConfiguration;
import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;
import com.corpastro.performance.error.ProblemDetailsHandler;
import com.corpastro.performance.http.EndpointClassifier;
import com.corpastro.performance.monitor.MonitorAutoConfiguration;
import com.corpastro.performance.monitor.PerformanceMonitor;

import tools.jackson.databind.json.JsonMapper;

/**
 * Performance analytics over the monitor's rollups: {@link PerformanceReports},
 * {@link ServiceLevels}, {@link Alerts} (with the webhook when
 * {@code corp-astro.analytics.alert-webhook-url} is set, and every {@link AlertListener} bean),
 * {@link DailyReports}, their {@link AnalyticsStore} (the application's single DataSource when there
 * is one, else memory), the background thread, and in servlet applications the admin API and the
 * report page. Configured by {@code corp-astro.analytics.*}; needs a {@link PerformanceMonitor}.
 */
@AutoConfiguration(after = {MonitorAutoConfiguration.class, ProblemDetailsAutoConfiguration.class,
        AdminAccessAutoConfiguration.class}, afterName = {"com.corpastro.performance.http.HttpAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnProperty(prefix = "corp-astro.analytics", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(PerformanceMonitor.class)
@EnableConfigurationProperties(AnalyticsProperties.class)
public class AnalyticsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(AnalyticsStore.class)
    AnalyticsStore corpAstroAnalyticsStore(ObjectProvider<DataSource> dataSources, AnalyticsProperties properties) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            return new InMemoryAnalyticsStore(10_000);
        }
        return new JdbcAnalyticsStore(dataSource, properties.getAlertTable(), properties.getReportTable(),
                properties.getHourTable(), properties.isCreateTables());
    }

    @Bean
    @ConditionalOnMissingBean(PerformanceReports.class)
    PerformanceReports corpAstroPerformanceReports(PerformanceMonitor monitor,
            ObjectProvider<EndpointClassifier> classifier, AnalyticsProperties properties, AnalyticsStore store) {
        properties.validate();
        EndpointClassifier endpoints = classifier.getIfUnique(() -> EndpointClassifier.of(java.util.Map.of(), "api"));
        return new PerformanceReports(monitor, endpoints::classify, properties, store);
    }

    @Bean
    @ConditionalOnMissingBean(ServiceLevels.class)
    ServiceLevels corpAstroServiceLevels(PerformanceReports reports, AnalyticsProperties properties) {
        return new ServiceLevels(reports, properties);
    }

    /** The analytics' one background thread: evaluations, daily reports and webhook deliveries. */
    @Bean(destroyMethod = "close")
    AnalyticsThread corpAstroAnalyticsThread() {
        return new AnalyticsThread(Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "corp-astro-analytics");
            thread.setDaemon(true);
            return thread;
        }));
    }

    @Bean
    @ConditionalOnMissingBean(Alerts.class)
    Alerts corpAstroAlerts(PerformanceReports reports, ServiceLevels serviceLevels, AnalyticsStore store,
            ObjectProvider<AlertListener> listeners, AnalyticsProperties properties, AnalyticsThread thread,
            ObjectProvider<JsonMapper> json) {
        List<AlertListener> all = new ArrayList<>(listeners.orderedStream().toList());
        String url = properties.getAlertWebhookUrl();
        if (url != null && !url.isBlank()) {
            URI uri;
            try {
                uri = URI.create(url.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("corp-astro.analytics.alert-webhook-url must be an http(s) URL, was '"
                        + url + "'", e);
            }
            all.add(new WebhookAlertListener(uri, json.getIfUnique(() -> JsonMapper.builder().build()), thread.executor(),
                    properties.getWebhookAttempts(), properties.getWebhookBackoff(), properties.getWebhookTimeout()));
        }
        return new Alerts(reports, serviceLevels, store, all, properties);
    }

    @Bean
    @ConditionalOnMissingBean(DailyReports.class)
    DailyReports corpAstroDailyReports(PerformanceReports reports, AnalyticsStore store,
            AnalyticsProperties properties, ObjectProvider<JsonMapper> json) {
        return new DailyReports(reports, store, json.getIfUnique(() -> JsonMapper.builder().build()),
                properties.getDailyReportHour(), properties.getDailyReportZone());
    }

    @Bean
    AnalyticsTasks corpAstroAnalyticsTasks(Alerts alerts, DailyReports dailyReports, AnalyticsThread thread,
            AnalyticsProperties properties, PerformanceReports reports) {
        return new AnalyticsTasks(alerts, dailyReports, thread.executor(), properties.getEvaluationInterval(), reports,
                properties.getWarmUp());
    }

    /** The admin API and the report page. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(DispatcherServlet.class)
    @ConditionalOnBean({ProblemDetailsHandler.class, AdminAccess.class})
    static class AnalyticsWeb {

        @Bean
        @ConditionalOnMissingBean(AnalyticsController.class)
        AnalyticsController corpAstroAnalyticsController(PerformanceReports reports, ServiceLevels serviceLevels,
                Alerts alerts, DailyReports dailyReports, AdminAccess adminAccess) {
            return new AnalyticsController(reports, serviceLevels, alerts, dailyReports, adminAccess);
        }
    }

    /** The scheduled executor of the analytics, shut down with the context. */
    static final class AnalyticsThread implements AutoCloseable {

        private final ScheduledExecutorService executor;

        AnalyticsThread(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        ScheduledExecutorService executor() {
            return executor;
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
