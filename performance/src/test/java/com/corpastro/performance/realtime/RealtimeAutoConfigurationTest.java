package com.corpastro.performance.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.context.ServletContextAware;

import com.corpastro.performance.realtime.internal.UpgradeReleasingNioProtocol;

class RealtimeAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class));

    @Test
    void hubStreamsAndAdminStreamAreOnByDefaultWithTheInProcessBus() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EventHub.class).hasSingleBean(SseStreams.class)
                    .hasSingleBean(AdminEventsController.class).hasSingleBean(RealtimeTasks.class);
            assertThat(context.getBean(EventHub.class).figures()).containsEntry("bus", "in-process");
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.realtime.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EventHub.class).doesNotHaveBean(SseStreams.class));
    }

    @Test
    void anUnreachableRedisLeavesTheInProcessBus() {
        runner.withPropertyValues("corp-astro.realtime.redis-url=redis://127.0.0.1:1")
                .run(context -> assertThat(context.getBean(EventHub.class).figures()).containsEntry("bus", "in-process"));
    }

    @Test
    void badValuesFailWithTheValue() {
        runner.withPropertyValues("corp-astro.realtime.max-connections=0").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("corp-astro.realtime.maxConnections must be > 0, was 0"));
        runner.withPropertyValues("corp-astro.realtime.coalesce-window=-1s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("corp-astro.realtime.coalesce-window must be >= 0, was PT-1S"));
    }

    @Test
    void onTomcatWebSocketsReleaseTheirHttpProcessorAndSocketBuffersAre2Kb() {
        runner.run(context -> {
            TomcatServletWebServerFactory factory = customized(context);
            assertThat(factory.getProtocol()).isEqualTo(UpgradeReleasingNioProtocol.class.getName());
            Connector connector = connector(factory);
            assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("1024");
            assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("4096");
        });
    }

    @Test
    void tomcatKeepsItsOwnProtocolAndBuffersWhenToldTo() {
        runner.withPropertyValues("corp-astro.realtime.release-upgraded-processors=false",
                "corp-astro.realtime.socket-read-buffer=0", "corp-astro.realtime.socket-write-buffer=0").run(context -> {
                    TomcatServletWebServerFactory factory = customized(context);
                    assertThat(factory.getProtocol()).isEqualTo(Http11NioProtocol.class.getName());
                    assertThat(connector(factory).getProperty("socket.appReadBufSize")).hasToString("8192");
                    assertThat(connector(factory).getProperty("socket.appWriteBufSize")).hasToString("8192");
                });
    }

    @Test
    void webSocketMessageBuffersAreSetOnTheServletContextsContainer() {
        runner.withPropertyValues("corp-astro.realtime.websocket-message-buffer=512B").run(context -> {
            Container container = new Container();
            MockServletContext servletContext = new MockServletContext();
            servletContext.setAttribute("jakarta.websocket.server.ServerContainer", container);
            context.getBean("corpAstroRealtimeWebSocketBuffers", ServletContextAware.class).setServletContext(servletContext);
            assertThat(container.text).isEqualTo(512);
            assertThat(container.binary).isEqualTo(512);
        });
    }

    @Test
    void badBufferSizesFailWithTheValue() {
        runner.withPropertyValues("corp-astro.realtime.socket-read-buffer=100B").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("corp-astro.realtime.socket-read-buffer must be 0 or between 512B and 1MB, was 100B"));
        runner.withPropertyValues("corp-astro.realtime.socket-write-buffer=2MB").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("corp-astro.realtime.socket-write-buffer must be 0 or between 512B and 1MB, was 2097152B"));
        runner.withPropertyValues("corp-astro.realtime.websocket-message-buffer=16B").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("corp-astro.realtime.websocket-message-buffer must be >= 128B, was 16B"));
    }

    /** The buffer setters of jakarta.websocket.WebSocketContainer (its API is not on this module's class path). */
    public static final class Container {
        int text;
        int binary;

        public void setDefaultMaxTextMessageBufferSize(int size) {
            text = size;
        }

        public int getDefaultMaxTextMessageBufferSize() {
            return text;
        }

        public void setDefaultMaxBinaryMessageBufferSize(int size) {
            binary = size;
        }

        public int getDefaultMaxBinaryMessageBufferSize() {
            return binary;
        }
    }

    @SuppressWarnings("unchecked")
    private static TomcatServletWebServerFactory customized(AssertableWebApplicationContext context) {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        context.getBean("corpAstroRealtimeTomcatConnections", WebServerFactoryCustomizer.class).customize(factory);
        return factory;
    }

    private static Connector connector(TomcatServletWebServerFactory factory) {
        Connector connector = new Connector(factory.getProtocol());
        factory.getConnectorCustomizers().forEach(customizer -> customizer.customize(connector));
        return connector;
    }
}
