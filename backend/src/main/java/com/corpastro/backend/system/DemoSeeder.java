package com.corpastro.backend.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import com.corpastro.backend.account.UserService;
import com.corpastro.backend.business.BusinessService;

/**
 * On the embedded default (an H2 file database, no {@code DATABASE_URL}), seeds a demo user
 * with a demo business at first start and writes the user's API token to
 * {@code data/demo-token}, so the README's curl lines work right away. Never runs on PostgreSQL.
 */
@Component
class DemoSeeder implements ApplicationRunner {

    static final String DEMO_EMAIL = "demo@corpastro.example";
    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);

    private final UserService users;
    private final BusinessService businesses;
    private final DemoProperties properties;
    private final boolean embeddedDefault;

    DemoSeeder(UserService users, BusinessService businesses, DemoProperties properties,
            @Value("${DATABASE_URL:}") String databaseUrl, @Value("${spring.datasource.url:}") String datasourceUrl) {
        this.users = users;
        this.businesses = businesses;
        this.properties = properties;
        this.embeddedDefault = databaseUrl.isBlank() && datasourceUrl.startsWith("jdbc:h2:file:");
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!embeddedDefault || !properties.isEnabled() || users.emailExists(DEMO_EMAIL)) {
            return;
        }
        UserService.CreatedUser demo = users.create(DEMO_EMAIL, "Demo Owner");
        long businessId = businesses.create(demo.user().id(), "Stellar Coffee Co.",
                Instant.parse("2015-03-20T09:45:00Z"), 40.7128, -74.0060).id();
        writeToken(properties.getTokenFile(), demo.apiToken());
        log.info("event=demo_seeded userId={} businessId={} tokenFile={}", demo.user().id(), businessId,
                properties.getTokenFile().toAbsolutePath());
    }

    private static void writeToken(Path file, String token) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the file keeps the default permissions
        }
    }
}
