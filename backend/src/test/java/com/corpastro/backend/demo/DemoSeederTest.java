package com.corpastro.backend.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.corpastro.backend.CorpAstroApplication;
import com.corpastro.backend.support.Api;

class DemoSeederTest {

    @TempDir
    Path dataDir;

    private String[] args(Path tokenFile) {
        return new String[] { "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--corp-astro.demo.token-file=" + tokenFile };
    }

    @Test
    void theEmbeddedDefaultSeedsADemoUserWhoseTokenIsWrittenToAFile() throws Exception {
        Path tokenFile = dataDir.resolve("demo-token");
        String[] args = args(tokenFile);
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

    @Test
    void aSymbolicLinkAtTheTokenPathRefusesTheStartBeforeSeedingAndItsTargetIsUntouched() throws Exception {
        Path victim = Files.writeString(dataDir.resolve("victim"), "keep me\n");
        Path tokenFile = Files.createSymbolicLink(dataDir.resolve("demo-token"), victim);

        assertThatThrownBy(() -> new SpringApplicationBuilder(CorpAstroApplication.class).run(args(tokenFile)).close())
                .hasStackTraceContaining("corp-astro.demo.token-file must not be a symbolic link")
                .hasStackTraceContaining(tokenFile.toString());
        assertThat(Files.readString(victim)).isEqualTo("keep me\n");

        // Nothing was seeded: once the link is gone, the next start seeds the demo user and writes its token.
        Files.delete(tokenFile);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CorpAstroApplication.class)
                .run(args(tokenFile))) {
            Api api = new Api(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
            assertThat(api.get("/api/users/me", Files.readString(tokenFile).trim()).status()).isEqualTo(200);
        }
    }

    @Test
    void aSymbolicLinkAtTheTokenPathIsNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(dataDir.resolve("victim"), "keep me\n");
        Path tokenFile = Files.createSymbolicLink(dataDir.resolve("demo-token"), victim);

        assertThatThrownBy(() -> DemoSeeder.writeToken(tokenFile, "secret-token"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(tokenFile.toString());

        assertThat(Files.readString(victim)).isEqualTo("keep me\n");
        assertThat(Files.isSymbolicLink(tokenFile)).isTrue();
    }

    @Test
    void aFileAlreadyAtTheTokenPathIsReplacedNotWrittenInto() throws Exception {
        // A hard link shares the file: writing into the path would change the other name's content too.
        Path other = Files.writeString(dataDir.resolve("other"), "keep me\n");
        Path tokenFile = Files.createLink(dataDir.resolve("demo-token"), other);

        DemoSeeder.writeToken(tokenFile, "secret-token");

        assertThat(Files.readString(tokenFile)).isEqualTo("secret-token\n");
        assertThat(Files.readString(other)).isEqualTo("keep me\n");
    }

    @Test
    void theTokenFileIsOwnerOnlyAndNoTemporaryFileIsLeftBehind() throws Exception {
        assumeTrue(Files.getFileStore(dataDir).supportsFileAttributeView(PosixFileAttributeView.class),
                "POSIX permissions");
        Path tokenFile = dataDir.resolve("data").resolve("demo-token");

        DemoSeeder.writeToken(tokenFile, "secret-token");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(tokenFile.getParent())) {
            assertThat(files).containsExactly(tokenFile);
        }
    }
}
