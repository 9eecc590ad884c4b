package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.corpastro.backend.account.UserService;
import com.corpastro.backend.business.BusinessService;

@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:cleanup;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1")
class ClearExpiredContentTest {

    @Autowired
    OptimizedContentService contents;
    @Autowired
    UserService users;
    @Autowired
    BusinessService businesses;
    @Autowired
    JdbcClient jdbc;

    @Test
    void expiredContentIsDeletedAndUnexpiredContentKept() {
        long userId = users.create("cleanup@example.com", "Cleaner").user().id();
        long businessId = businesses.create(userId, "Tidy Ltd", Instant.parse("2001-01-01T00:00:00Z"), 0, 0).id();
        insert(userId, businessId, LocalDate.of(2020, 1, 1), Instant.now().minusSeconds(60));
        insert(userId, businessId, LocalDate.of(2020, 1, 2), Instant.now().minusSeconds(3600 * 24 * 400));
        insert(userId, businessId, LocalDate.of(2020, 1, 3), Instant.now().plusSeconds(3600));

        int deleted = contents.clearExpiredContent();

        assertThat(deleted).isEqualTo(2);
        assertThat(jdbc.sql("SELECT period_start FROM content").query(LocalDate.class).list())
                .containsExactly(LocalDate.of(2020, 1, 3));
    }

    private void insert(long userId, long businessId, LocalDate period, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO content (user_id, business_id, content_type, period_start, body, business_revision,
                                     generated_at, expires_at)
                VALUES (?, ?, 'daily_horoscope', ?, 'text', 1, ?, ?)""")
                .params(userId, businessId, period, Instant.EPOCH.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC))
                .update();
    }
}
