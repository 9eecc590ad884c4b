package com.corpastro.backend.template;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TemplateRepository {

    private final JdbcClient jdbc;

    TemplateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Template> findByKey(String key) {
        return jdbc.sql("SELECT template_key, body, version, updated_at FROM content_templates WHERE template_key = ?")
                .param(key).query(TemplateRepository::map).optional();
    }

    /** Sets the body of {@code key}, one version higher; whether the template exists. */
    boolean update(String key, String body, OffsetDateTime updatedAt) {
        return jdbc.sql("UPDATE content_templates SET body = ?, version = version + 1, updated_at = ? WHERE template_key = ?")
                .params(body, updatedAt, key).update() == 1;
    }

    List<Template> findAll() {
        return jdbc.sql("SELECT template_key, body, version, updated_at FROM content_templates ORDER BY template_key")
                .query(TemplateRepository::map).list();
    }

    private static Template map(ResultSet rs, int row) throws SQLException {
        return new Template(rs.getString("template_key"), rs.getString("body"), rs.getInt("version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
