package com.corpastro.loadtest.bare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The ceiling the service is measured against: a Spring Boot app with one endpoint,
 * {@code GET /bare}, that writes a fixed {@code byte[]}: the bytes of a cached content answer of the
 * service in the coding the request accepts (br, then gzip, then identity, as the service chooses),
 * with the service's {@code Content-Encoding}, so that the bytes on the wire are the same. No filters
 * of its own, no actuator, no database; the service's connection settings (virtual threads, h2c,
 * keep-alive) and, when started by {@link com.corpastro.loadtest.BareEndpoint}, its JVM options.
 *
 * <p>Started as its own JVM from the loadtest module's {@code -bare} jar:
 * {@code java -jar loadtest-<version>-bare.jar --server.port=8081 --bare.body.identity=a.json
 * --bare.body.gzip=a.json.gz --bare.body.br=a.json.br} (each body read once, at start).
 */
@SpringBootApplication
public class BareApp {

    /** The service's own connection settings (backend's application.properties), so only the work per request differs. */
    static final Map<String, Object> SERVICE_SETTINGS = serviceSettings();

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with the service's connection settings as defaults (arguments may still override them). */
    public static SpringApplication application() {
        SpringApplication application = new SpringApplication(BareApp.class);
        application.setDefaultProperties(SERVICE_SETTINGS);
        return application;
    }

    @Bean
    Bodies bareBodies(Environment environment) {
        return new Bodies(read(environment, "identity"), read(environment, "gzip"), read(environment, "br"));
    }

    private static byte[] read(Environment environment, String coding) {
        String property = "bare.body." + coding;
        String file = environment.getProperty(property);
        if (file == null || file.isBlank()) {
            throw new IllegalStateException(property + " must name the file of the " + coding + " body, was '" + file
                    + "'");
        }
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(property + " could not be read: " + file, e);
        }
    }

    private static Map<String, Object> serviceSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("spring.threads.virtual.enabled", "true");
        settings.put("server.http2.enabled", "true");
        settings.put("server.tomcat.keep-alive-timeout", "20s");
        settings.put("server.tomcat.max-keep-alive-requests", "1000");
        settings.put("server.tomcat.connection-timeout", "10s");
        settings.put("server.shutdown", "graceful");
        settings.put("spring.main.banner-mode", "off");
        return Map.copyOf(settings);
    }

    /** The fixed answer in each coding. */
    record Bodies(byte[] identity, byte[] gzip, byte[] br) {
    }
}
