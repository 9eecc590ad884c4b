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

    public static void main(String[] args) {
        SpringApplication.run(CorpAstroApplication.class, args);
    }
}
