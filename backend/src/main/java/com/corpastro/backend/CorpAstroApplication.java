package com.corpastro.backend;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Corp Astro content API. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CorpAstroApplication {

    /**
     * Tomcat's input, output and encoder buffers of every WebSocket (8 KB each unless set), read
     * once per JVM when its WebSocket classes load. Our messages are a few hundred bytes and a
     * longer one is written in pieces, so 1 KB each: 21 KB less per idle WebSocket (README, Real-time).
     */
    static final String WEBSOCKET_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    public static void main(String[] args) {
        if (System.getProperty(WEBSOCKET_BUFFER_SIZE) == null) {
            System.setProperty(WEBSOCKET_BUFFER_SIZE, "1024");
        }
        SpringApplication.run(CorpAstroApplication.class, args);
    }
}
