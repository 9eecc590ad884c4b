package com.corpastro.backend.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.corpastro.backend.CorpAstroApplication;
import com.corpastro.backend.support.Api;

class DemoSeederTest {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDefaultSeedsADemoUserWhoseTokenIsWrittenToAFile() throws Exception {
        Path tokenFile = dataDir.resolve("demo-token");
        String[] args = { "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--corp-astro.demo.token-file=" + tokenFile };
        String token;
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CorpAstroApplication.class).run(args)) {
            token = Files.readString(tokenFile).trim();
            Api api = new Api(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
            assertThat(api.get("/api/users/me", token).json().get("email").asString())
                    .isEqualTo(DemoSeeder.DEMO_EMAIL);
        }
        // A second start keeps the existing demo user and its token.
        try (ConfigurableApplicationContext again = new SpringApplicationBuilder(CorpAstroApplication.class).run(args)) {
            assertThat(Files.readString(tokenFile).trim()).isEqualTo(token);
            Api api = new Api(Integer.parseInt(again.getEnvironment().getProperty("local.server.port")));
            assertThat(api.get("/api/users/me", token).status()).isEqualTo(200);
        }
    }
}
