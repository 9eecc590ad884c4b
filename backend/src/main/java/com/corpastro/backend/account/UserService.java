package com.corpastro.backend.account;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;

/** Sign-up and token authentication. */
@Service
public class UserService {

    private static final Logger log = LoggerFactory.getLogger(UserService.class);
    /** Every authenticated request resolves its token; a short TTL bounds how long a changed user is served. */
    private static final Duration TOKEN_CACHE_TTL = Duration.ofMinutes(5);

    private final UserRepository users;
    private final CacheManager cache;

    UserService(UserRepository users, CacheManager cache) {
        this.users = users;
        this.cache = cache;
    }

    /** A new user and the API token that is shown this once and never again. */
    public record CreatedUser(User user, String apiToken) {
    }

    public CreatedUser create(String email, String name) {
        return create(email, name, Role.USER);
    }

    CreatedUser create(String email, String name, Role role) {
        String normalizedEmail = email.trim().toLowerCase(Locale.ROOT);
        if (users.existsByEmail(normalizedEmail)) {
            throw emailTaken(normalizedEmail);
        }
        String token = ApiTokens.newToken();
        try {
            User user = users.insert(normalizedEmail, name.trim(), role, ApiTokens.hash(token));
            log.info("event=user_created userId={} role={}", user.id(), role);
            return new CreatedUser(user, token);
        } catch (DuplicateKeyException e) {
            // Two sign-ups with the same email raced; the unique index decided.
            throw emailTaken(normalizedEmail);
        }
    }

    /** The user holding {@code token}, if any. */
    public Optional<User> findByToken(String token) {
        String hash = ApiTokens.hash(token);
        String key = "user-token:" + hash;
        Optional<User> cached = cache.get(key, User.class);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<User> user = users.findByTokenHash(hash);
        user.ifPresent(u -> cache.set(key, u, TOKEN_CACHE_TTL, List.of(EntityTag.of("user", u.id()))));
        return user;
    }

    public boolean emailExists(String email) {
        return users.existsByEmail(email.trim().toLowerCase(Locale.ROOT));
    }

    public Optional<User> findById(long id) {
        return users.findById(id);
    }

    private static AppError emailTaken(String email) {
        return new AppError(HttpStatus.CONFLICT, "email_taken", "A user with email " + email + " already exists.");
    }
}
