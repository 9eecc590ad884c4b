package com.corpastro.backend.demo;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The demo data seeded on the embedded default database, under {@code corp-astro.demo}. */
@ConfigurationProperties("corp-astro.demo")
public class DemoProperties {

    /** Whether to seed a demo user and business on an embedded H2 file database at first start. */
    private boolean enabled = true;

    /** Where the demo user's API token is written. */
    private Path tokenFile = Path.of("data", "demo-token");

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Path getTokenFile() {
        return tokenFile;
    }

    public void setTokenFile(Path tokenFile) {
        this.tokenFile = tokenFile;
    }
}
