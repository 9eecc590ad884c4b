package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.corpastro.backend.CorpAstroApplication;
import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;
import com.corpastro.testing.EmbeddedPostgresServer;

/**
 * Content outlives the process: after a restart it comes from the database, not from the
 * generator. Two full service starts per database, over real HTTP.
 */
class ContentSurvivesRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void afterARestartContentComesFromTheH2FileDatabase() {
        String url = "jdbc:h2:file:" + dataDir.resolve("corp-astro")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        contentSurvivesRestart("--spring.datasource.url=" + url, "--corp-astro.demo.enabled=false");
    }

    @Test
    void afterARestartContentComesFromPostgres() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        contentSurvivesRestart("--spring.datasource.url=" + server.createDatabase(),
                "--spring.datasource.username=" + server.username(), "--spring.datasource.password=");
    }

    private static void contentSurvivesRestart(String... args) {
        String path;
        String token;
        Response first;
        try (ConfigurableApplicationContext service = start(args)) {
            Api api = new Api(port(service));
            SignedUp owner = api.signUp("Owner");
            token = owner.token();
            long id = api.createBusiness(token, "Comet Consulting", "2003-10-15T10:00:00Z");
            path = "/api/businesses/" + id + "/content/weekly_forecast?date=2026-11-25";
            first = api.get(path, token);
            assertThat(first.json().get("fromCache").asBoolean()).isFalse();
        }

        try (ConfigurableApplicationContext restarted = start(args)) {
            Response afterRestart = new Api(port(restarted)).get(path, token);
            assertThat(afterRestart.status()).isEqualTo(200);
            assertThat(afterRestart.json().get("fromCache").asBoolean()).isTrue();
            assertThat(afterRestart.json().get("body")).isEqualTo(first.json().get("body"));
            // Not generated again: the stored generation time is the first one.
            assertThat(afterRestart.json().get("generatedAt")).isEqualTo(first.json().get("generatedAt"));
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        return new SpringApplicationBuilder(CorpAstroApplication.class).run(all);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
