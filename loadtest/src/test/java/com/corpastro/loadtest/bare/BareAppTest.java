package com.corpastro.loadtest.bare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class BareAppTest {

    private static final byte[] IDENTITY = "{\"text\":\"the identity body\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GZIP = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3};
    private static final byte[] BR = {0x0b, 0x02, (byte) 0x80, 4, 5};

    @TempDir
    static Path bodies;

    private static ConfigurableApplicationContext app;
    private static int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Files.write(bodies.resolve("identity"), IDENTITY);
        Files.write(bodies.resolve("gzip"), GZIP);
        Files.write(bodies.resolve("br"), BR);
        app = BareApp.application().run("--server.port=0", "--bare.body.identity=" + bodies.resolve("identity"),
                "--bare.body.gzip=" + bodies.resolve("gzip"), "--bare.body.br=" + bodies.resolve("br"));
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void answersTheBrBodyWithItsContentEncodingWhenBrIsAccepted() throws Exception {
        HttpResponse<byte[]> answer = get("br, gzip");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Encoding")).contains("br");
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(answer.body()).isEqualTo(BR);
    }

    @Test
    void answersTheGzipBodyWhenOnlyGzipIsAccepted() throws Exception {
        HttpResponse<byte[]> answer = get("br;q=0, gzip");

        assertThat(answer.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(answer.body()).isEqualTo(GZIP);
    }

    @Test
    void answersTheIdentityBodyWithoutContentEncodingOtherwise() throws Exception {
        HttpResponse<byte[]> answer = get("identity");

        assertThat(answer.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(answer.headers().firstValue("Content-Length")).contains(Integer.toString(IDENTITY.length));
        assertThat(answer.body()).isEqualTo(IDENTITY);
    }

    @Test
    void runsWithTheServicesConnectionSettings() {
        assertThat(app.getEnvironment().getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
        assertThat(app.getEnvironment().getProperty("server.http2.enabled")).isEqualTo("true");
        assertThat(app.getEnvironment().getProperty("server.tomcat.max-keep-alive-requests")).isEqualTo("1000");
    }

    @Test
    void refusesToStartWithoutABodyNamingTheProperty() {
        assertThatThrownBy(() -> BareApp.application().run("--server.port=0",
                "--bare.body.identity=" + bodies.resolve("identity"), "--bare.body.gzip=" + bodies.resolve("gzip")))
                .hasStackTraceContaining("bare.body.br must name the file of the br body, was 'null'");
    }

    @Test
    void aCodingWithQZeroIsNotAccepted() {
        assertThat(BareController.accepts("gzip;q=0", "gzip")).isFalse();
        assertThat(BareController.accepts("gzip; q=0.000", "gzip")).isFalse();
        assertThat(BareController.accepts("gzip;q=0.5", "gzip")).isTrue();
        assertThat(BareController.accepts("GZIP", "gzip")).isTrue();
        assertThat(BareController.accepts("x-gzip", "gzip")).isFalse();
        assertThat(BareController.accepts(null, "br")).isFalse();
    }

    private HttpResponse<byte[]> get(String acceptEncoding) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/bare"))
                .header("Accept-Encoding", acceptEncoding).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
