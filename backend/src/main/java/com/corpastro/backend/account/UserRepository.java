package com.corpastro.backend.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    UserRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Inserts the user; a duplicate email surfaces as Spring's DuplicateKeyException. */
    User insert(String email, String name, Role role, String tokenHash) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO users (email, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(email, name, role.name(), tokenHash, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .update(keys, "id");
        return new User(keys.getKey().longValue(), email, name, role);
    }

    Optional<User> findByTokenHash(String tokenHash) {
        return jdbc.sql("SELECT id, email, name, role FROM users WHERE token_hash = ?")
                .param(tokenHash).query(UserRepository::map).optional();
    }

    Optional<User> findById(long id) {
        return jdbc.sql("SELECT id, email, name, role FROM users WHERE id = ?")
                .param(id).query(UserRepository::map).optional();
    }

    /** The users of {@code ids} that exist, in one statement. */
    List<User> findAllById(Collection<Long> ids) {
        return jdbc.sql("SELECT id, email, name, role FROM users WHERE id IN (:ids)")
                .param("ids", List.copyOf(ids)).query(UserRepository::map).list();
    }

    boolean existsByEmail(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE email = ?").param(email).query(Long.class).single() > 0;
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("email"), rs.getString("name"), Role.valueOf(rs.getString("role")));
    }
}
