package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.corpastro.backend.CorpAstroApplication;
import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;
import com.corpastro.testing.EmbeddedPostgresServer;

/**
 * Content outlives the process: after a restart it comes from the database, not from the
 * generator, with the same sky; a row stored without a sky (before V5) answers with the sky
 * computed again, the same one. Two full service starts per database, over real HTTP.
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
        String olderPath;
        String token;
        long id;
        Response first;
        Response older;
        try (ConfigurableApplicationContext service = start(args)) {
            Api api = new Api(port(service));
            SignedUp owner = api.signUp("Owner");
            token = owner.token();
            id = api.createBusiness(token, "Comet Consulting", "2003-10-15T10:00:00Z");
            path = "/api/businesses/" + id + "/content/weekly_forecast?date=2026-11-25";
            first = api.get(path, token);
            assertThat(first.json().get("fromCache").asBoolean()).isFalse();
            assertThat(first.json().get("sky").get("transits").size()).isEqualTo(7);
            olderPath = "/api/businesses/" + id + "/content/monthly_outlook?date=2026-11-25";
            older = api.get(olderPath, token);
            // As a row written before the sky was stored.
            assertThat(jdbc(service).sql("UPDATE content SET sky = NULL WHERE business_id = ? AND content_type = ?")
                    .params(id, "monthly_outlook").update()).isEqualTo(1);
        }

        try (ConfigurableApplicationContext restarted = start(args)) {
            Response afterRestart = new Api(port(restarted)).get(path, token);
            assertThat(afterRestart.status()).isEqualTo(200);
            assertThat(afterRestart.json().get("fromCache").asBoolean()).isTrue();
            assertThat(afterRestart.json().get("body")).isEqualTo(first.json().get("body"));
            // Not generated again: the stored generation time is the first one.
            assertThat(afterRestart.json().get("generatedAt")).isEqualTo(first.json().get("generatedAt"));
            assertThat(afterRestart.json().get("sky")).isEqualTo(first.json().get("sky"));

            Response olderAfterRestart = new Api(port(restarted)).get(olderPath, token);
            assertThat(olderAfterRestart.json().get("fromCache").asBoolean()).isTrue();
            assertThat(olderAfterRestart.json().get("generatedAt")).isEqualTo(older.json().get("generatedAt"));
            assertThat(olderAfterRestart.json().get("sky")).isEqualTo(older.json().get("sky"));
            // Computed for the answer, not written back: the row is left as it was.
            assertThat(jdbc(restarted).sql("SELECT sky FROM content WHERE business_id = ? AND content_type = ?")
                    .params(id, "monthly_outlook").query((rs, row) -> rs.getString("sky") == null).single()).isTrue();
        }
    }

    private static JdbcClient jdbc(ConfigurableApplicationContext context) {
        return context.getBean(JdbcClient.class);
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
