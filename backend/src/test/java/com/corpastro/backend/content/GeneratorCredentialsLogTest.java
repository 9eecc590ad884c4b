package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

import io.micrometer.core.instrument.MeterRegistry;

/** The generator's URL reaches the logs without {@code user:password@} or query, and its API key never does. */
@ExtendWith(OutputCaptureExtension.class)
class GeneratorCredentialsLogTest {

    private static final String SECRET = "s3cret";

    @Test
    void theConfiguredUrlIsLoggedWithoutItsCredentialsAndAFailedCallLogsNeitherThemNorTheApiKey(CapturedOutput output)
            throws IOException {
        int closedPort = closedPort();
        ContentGeneratorProperties properties = new ContentGeneratorProperties();
        properties.setUrl("http://gen-user:url-" + SECRET + "@127.0.0.1:" + closedPort + "/base?key=query-" + SECRET);
        properties.setApiKey("sk-key-" + SECRET);
        properties.setRetryAttempts(1);
        BuiltinContentGenerator builtin = new BuiltinContentGenerator(new AstroEngine());

        ContentWriter writer = new ContentWriter(builtin, properties,
                new DefaultListableBeanFactory().getBeanProvider(MeterRegistry.class));
        GeneratedText text = writer.write(new Business(7, 3, "Nova Bakery", Instant.parse("2011-06-01T08:00:00Z"),
                51.5, -0.12, Map.of(), 1), ContentType.DAILY_HOROSCOPE, LocalDate.of(2030, 1, 1),
                new Template("daily_horoscope_template", "Daily horoscope for {business}.", 1, Instant.EPOCH));

        assertThat(text.source()).isEqualTo(ContentSource.BUILTIN);
        assertThat(output.getOut()).contains("event=content_generator_configured url=http://***@127.0.0.1:"
                + closedPort + "/base?*** ").contains("event=external_generation_failed").doesNotContain(SECRET);
    }

    @Test
    void aRejectedUrlIsEchoedWithoutItsCredentials() {
        ContentGeneratorProperties properties = new ContentGeneratorProperties();

        assertThatThrownBy(() -> properties.setUrl("ftp://gen-user:" + SECRET + "@llm.example.com/x?key=" + SECRET))
                .hasMessage("corp-astro.content.generator.url must be an http(s) URL, was 'ftp://***@llm.example.com/x?***'");
        assertThatThrownBy(() -> properties.setUrl("http://gen-user:" + SECRET + "/x@llm.example.com"))
                .hasMessage("corp-astro.content.generator.url must be an http(s) URL, was 'http://***@llm.example.com'");
    }

    @Test
    void aUrlWithoutCredentialsIsShownAsConfigured() {
        assertThat(ContentGeneratorProperties.redact("https://llm.example.com")).isEqualTo("https://llm.example.com");
        assertThat(ContentGeneratorProperties.redact("http://[::1]:8080/v")).isEqualTo("http://[::1]:8080/v");
    }

    /** A port nothing listens on: bound once, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
