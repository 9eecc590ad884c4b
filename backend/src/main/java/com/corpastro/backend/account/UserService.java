package com.corpastro.backend.account;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final TokenLookupGuard lookups;

    UserService(UserRepository users, CacheManager cache, TokenLookupGuard lookups) {
        this.users = users;
        this.cache = cache;
        this.lookups = lookups;
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
        String hash = ApiTokens.hash(token);
        try {
            User user = users.insert(normalizedEmail, name.trim(), role, hash);
            // The new token works at once, without a lookup: nothing could have been cached as unknown
            // for 32 fresh random bytes, and the user is cached under it like after a first lookup.
            lookups.forget(hash);
            cache.fill(tokenKey(hash), user, TOKEN_CACHE_TTL, List.of(EntityTag.of("user", user.id())));
            log.info("event=user_created userId={} role={}", user.id(), role);
            return new CreatedUser(user, token);
        } catch (DuplicateKeyException e) {
            // Two sign-ups with the same email raced; the unique index decided.
            throw emailTaken(normalizedEmail);
        }
    }

    /**
     * The user holding {@code token}, if any. A token not of the form this service issues is
     * nobody's without a lookup; a cached user or a token recently found unknown needs none either.
     * Only then does {@code beforeDatabaseLookup} run (it may refuse the lookup by throwing) and
     * the database is asked.
     */
    public Optional<User> findByToken(String token, Runnable beforeDatabaseLookup) {
        if (!ApiTokens.isWellFormed(token)) {
            return Optional.empty();
        }
        String hash = ApiTokens.hash(token);
        String key = tokenKey(hash);
        Optional<User> cached = cache.get(key, User.class);
        if (cached.isPresent()) {
            return cached;
        }
        if (lookups.isKnownUnknown(hash)) {
            return Optional.empty();
        }
        beforeDatabaseLookup.run();
        Optional<User> user = users.findByTokenHash(hash);
        if (user.isPresent()) {
            cache.fill(key, user.get(), TOKEN_CACHE_TTL, List.of(EntityTag.of("user", user.get().id())));
        } else {
            lookups.rememberUnknown(hash);
        }
        return user;
    }

    public boolean emailExists(String email) {
        return users.existsByEmail(email.trim().toLowerCase(Locale.ROOT));
    }

    public Optional<User> findById(long id) {
        return users.findById(id);
    }

    /** The users of {@code ids} that exist, by id, in one statement (none for no ids). */
    public Map<Long, User> findAllById(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, User> found = new HashMap<>();
        users.findAllById(ids).forEach(user -> found.put(user.id(), user));
        return found;
    }

    private static String tokenKey(String tokenHash) {
        return "user-token:" + tokenHash;
    }

    private static AppError emailTaken(String email) {
        return new AppError(HttpStatus.CONFLICT, "email_taken", "A user with email " + email + " already exists.");
    }
}
