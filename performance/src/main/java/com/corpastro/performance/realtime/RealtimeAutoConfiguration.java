package com.corpastro.performance.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import org.apache.coyote.http11.Http11NioProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;
import org.springframework.web.context.ServletContextAware;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.admin.AdminAccessAutoConfiguration;
import com.corpastro.performance.internal.RedisUrls;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.SummaryContributor;
import com.corpastro.performance.realtime.internal.UpgradeReleasingNioProtocol;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real-time events in servlet applications ({@code corp-astro.realtime.*}, on by default): the
 * {@link EventHub}, {@link SseStreams} for the application's stream endpoints, the admin stream
 * {@code GET /api/admin/events}, the WebSocket endpoint {@code GET /ws} (with spring-websocket on
 * the class path and a {@link RealtimeAccess} bean), and the bus between nodes over Redis pub/sub
 * when a Redis URL is configured.
 */
@AutoConfiguration(after = AdminAccessAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, JsonMapper.class})
@ConditionalOnProperty(prefix = "corp-astro.realtime", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RealtimeProperties.class)
public class RealtimeAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RealtimeAutoConfiguration.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Bean
    EventHub corpAstroEventHub(RealtimeProperties properties, ObjectProvider<Clock> clock,
            ObjectProvider<JsonMapper> json, ObjectProvider<MeterRegistry> meters, Environment environment) {
        JsonMapper mapper = json.getIfAvailable(JsonMapper::new);
        EventHub hub = new EventHub(properties, clock.getIfUnique(Clock::systemUTC), System::nanoTime,
                mapper::writeValueAsString, writers(), meters.getIfAvailable(SimpleMeterRegistry::new));
        String url = RedisUrls.ownOrCaches(properties.getRedisUrl(), environment);
        if (url != null && ClassUtils.isPresent("io.lettuce.core.RedisClient", getClass().getClassLoader())) {
            try {
                hub.useBus(new RedisBus(hub, url, properties.getChannel()));
            } catch (RuntimeException e) {
                // Events still reach this node's subscribers; other nodes' do not until a restart.
                log.warn("event=realtime_bus_unavailable bus=in-process error=\"{}\"", e.toString());
            }
        }
        return hub;
    }

    @Bean
    RealtimeTasks corpAstroRealtimeTasks(EventHub hub, ObjectProvider<PerformanceMonitor> monitor,
            ObjectProvider<SummaryContributor> contributors) {
        RealtimeTasks tasks = new RealtimeTasks(hub, () -> {
            PerformanceMonitor performance = monitor.getIfAvailable();
            if (performance == null) {
                return null;
            }
            // The dashboard's summary, as GET /api/admin/performance/summary answers it.
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("generatedAt", performance.clock().instant().toString());
            summary.put("nodeId", performance.nodeId());
            summary.put("traffic", performance.summary(Duration.ofMinutes(15)));
            contributors.orderedStream().forEach(contributor -> {
                Object section = contributor.contribute();
                if (section != null) {
                    summary.put(contributor.name(), section);
                }
            });
            return Map.of("summary", summary);
        });
        hub.useScheduler(tasks);
        return tasks;
    }

    @Bean
    SseStreams corpAstroSseStreams(EventHub hub) {
        return new SseStreams(hub);
    }

    @Bean
    AdminEventsController corpAstroAdminEventsController(SseStreams streams, ObjectProvider<AdminAccess> adminAccess) {
        // Without an AdminAccess nobody is an admin.
        return new AdminEventsController(streams, adminAccess.getIfAvailable(() -> request -> false));
    }

    @Bean
    SummaryContributor corpAstroRealtimeSummary(EventHub hub) {
        return new SummaryContributor() {
            @Override
            public String name() {
                return "realtime";
            }

            @Override
            public Object contribute() {
                return hub.figures();
            }
        };
    }

    /** {@code GET /ws}, with spring-websocket present and an application {@link RealtimeAccess}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebSocketConfigurer.class)
    @EnableWebSocket
    static class WebSocketTransport {

        /** The servlet context attribute of the jakarta.websocket server container. */
        static final String SERVER_CONTAINER = "jakarta.websocket.server.ServerContainer";

        /**
         * The container's message buffers, which Tomcat allocates per WebSocket (8 KB binary and
         * 8K characters of text by default) and keeps for the socket's life: set on the servlet
         * context's WebSocket container once the server has made it (none in a mock servlet
         * context), before any socket opens. An application's own container settings win.
         */
        @Bean
        @ConditionalOnMissingBean(ServletServerContainerFactoryBean.class)
        ServletContextAware corpAstroRealtimeWebSocketBuffers(RealtimeProperties properties) {
            int bytes = (int) properties.getWebsocketMessageBuffer().toBytes();
            return servletContext -> {
                // jakarta.websocket.server.ServerContainer, set through its bean properties (the
                // WebSocket API is the server's, not a dependency of this module).
                Object container = servletContext.getAttribute(SERVER_CONTAINER);
                if (container != null) {
                    BeanWrapper settings = new BeanWrapperImpl(container);
                    settings.setPropertyValue("defaultMaxTextMessageBufferSize", bytes);
                    settings.setPropertyValue("defaultMaxBinaryMessageBufferSize", bytes);
                }
            };
        }

        @Bean
        WebSocketConfigurer corpAstroRealtimeWebSocket(EventHub hub, RealtimeTasks tasks, RealtimeProperties properties,
                ObjectProvider<RealtimeAccess> access, ObjectProvider<JsonMapper> json) {
            JsonMapper mapper = json.getIfAvailable(JsonMapper::new);
            return (WebSocketHandlerRegistry registry) -> {
                RealtimeAccess rules = access.getIfUnique();
                if (rules == null || !StringUtils.hasText(properties.getWebsocketPath())) {
                    log.info("event=realtime_websocket_off reason={}", rules == null ? "no_realtime_access" : "no_path");
                    return;
                }
                RealtimeWebSocketHandler handler = new RealtimeWebSocketHandler(hub, rules,
                        text -> mapper.readValue(text, MAP), mapper::writeValueAsString, tasks,
                        properties.getAuthTimeout());
                // Bearer tokens, not cookies: a page of another origin cannot act as the user.
                registry.addHandler(handler, properties.getWebsocketPath()).addInterceptors(handler)
                        .setAllowedOriginPatterns("*");
            };
        }
    }

    /**
     * On Tomcat: what each idle connection keeps for its life. WebSockets drop the HTTP processor
     * they were upgraded from; the socket buffers take {@code corp-astro.realtime.socket-read-buffer} and
     * {@code socket-write-buffer}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory")
    static class TomcatConnections {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> corpAstroRealtimeTomcatConnections(
                RealtimeProperties properties) {
            return factory -> {
                if (properties.isReleaseUpgradedProcessors()) {
                    if (Http11NioProtocol.class.getName().equals(factory.getProtocol())) {
                        factory.setProtocol(UpgradeReleasingNioProtocol.class.getName());
                    } else {
                        // Another protocol was chosen on purpose: keep it, without the release.
                        log.info("event=realtime_upgrade_release_off protocol={}", factory.getProtocol());
                    }
                }
                long read = properties.getSocketReadBuffer().toBytes();
                long write = properties.getSocketWriteBuffer().toBytes();
                factory.addConnectorCustomizers(connector -> {
                    if (read > 0) {
                        connector.setProperty("socket.appReadBufSize", Long.toString(read));
                    }
                    if (write > 0) {
                        connector.setProperty("socket.appWriteBufSize", Long.toString(write));
                    }
                });
            };
        }
    }

    /** Writer tasks on virtual threads where the JDK has them (21+), else on a cached pool. */
    private static Executor writers() {
        try {
            return new VirtualThreadTaskExecutor("realtime-writer-");
        } catch (UnsupportedOperationException | LinkageError e) {
            return Executors.newCachedThreadPool();
        }
    }
}
