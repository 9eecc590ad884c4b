package com.corpastro.backend.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
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
 *
 * <p>The token file is written to a temporary file in the same directory, created owner-only
 * ({@code 0600}) on a POSIX file system, then renamed over the target: no other user can read it
 * at any moment, a reader never sees half a token, and a file or hard link already at the path is
 * replaced rather than written into. A symbolic link at the path is refused before anything is
 * seeded, so a link planted there cannot make the service write the token elsewhere.
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
        // Checked before the user exists: a refused write must not leave a demo user whose token nobody has.
        refuseSymbolicLink(properties.getTokenFile());
        UserService.CreatedUser demo = users.create(DEMO_EMAIL, "Demo Owner");
        long businessId = businesses.create(demo.user().id(), "Stellar Coffee Co.",
                Instant.parse("2015-03-20T09:45:00Z"), 40.7128, -74.0060).id();
        writeToken(properties.getTokenFile(), demo.apiToken());
        log.info("event=demo_seeded userId={} businessId={} tokenFile={}", demo.user().id(), businessId,
                properties.getTokenFile().toAbsolutePath());
    }

    /** Writes {@code token} to {@code file} atomically, owner-only where the file system has POSIX permissions. */
    static void writeToken(Path file, String token) throws IOException {
        refuseSymbolicLink(file);
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        FileAttribute<?>[] ownerOnly = Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, ".demo-token", ".tmp", ownerOnly);
        try {
            Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
            // A rename replaces the directory entry itself: a link at the target is never followed.
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void refuseSymbolicLink(Path file) {
        if (Files.isSymbolicLink(file)) {
            throw new IllegalStateException("corp-astro.demo.token-file must not be a symbolic link, was '"
                    + file.toAbsolutePath() + "'; remove the link or point the property at a regular file");
        }
    }
}
