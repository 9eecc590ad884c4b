package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.corpastro.backend.account.UserService;
import com.corpastro.backend.business.BusinessService;

/** The expired-content cleanup on H2 in PostgreSQL mode; {@link ClearExpiredContentPostgresTest} runs it on PostgreSQL. */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:cleanup;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "corp-astro.content.cleanup-batch-size=2" })
@ExtendWith(OutputCaptureExtension.class)
class ClearExpiredContentTest {

    @Autowired
    OptimizedContentService contents;
    @Autowired
    ContentRepository repository;
    @Autowired
    UserService users;
    @Autowired
    BusinessService businesses;
    @Autowired
    JdbcClient jdbc;

    @Test
    void expiredContentIsDeletedInBatchesAndUnexpiredContentKept(CapturedOutput output) {
        long businessId = business();
        for (int day = 1; day <= 5; day++) {
            insert(businessId, LocalDate.of(2020, 1, day), Instant.now().minusSeconds(60L * day * day * day * day));
        }
        insert(businessId, LocalDate.of(2020, 1, 6), Instant.now().plusSeconds(3600));

        long deleted = contents.clearExpiredContent();

        assertThat(deleted).isEqualTo(5);
        assertThat(periods(businessId)).containsExactly(LocalDate.of(2020, 1, 6));
        // Batches of 2: two full ones and the one that found fewer, which ends the run.
        assertThat(output.getOut()).containsOnlyOnce("event=expired_content_cleared")
                .contains("event=expired_content_cleared rows=5 batches=3 batch_size=2 ");
    }

    @Test
    void oneBatchDeletesAtMostItsSizeAndOnlyExpiredRows() {
        long businessId = business();
        insert(businessId, LocalDate.of(2021, 1, 1), Instant.now().minusSeconds(60));
        insert(businessId, LocalDate.of(2021, 1, 2), Instant.now().minusSeconds(120));
        insert(businessId, LocalDate.of(2021, 1, 3), Instant.now().minusSeconds(180));
        insert(businessId, LocalDate.of(2021, 1, 4), Instant.now().plusSeconds(3600));

        assertThat(repository.deleteExpired(Instant.now(), 2)).isEqualTo(2);
        assertThat(periods(businessId)).hasSize(2).contains(LocalDate.of(2021, 1, 4));
        assertThat(repository.deleteExpired(Instant.now(), 2)).isEqualTo(1);
        assertThat(repository.deleteExpired(Instant.now(), 2)).isZero();
        assertThat(periods(businessId)).containsExactly(LocalDate.of(2021, 1, 4));
    }

    @Test
    void generationCountsOfPastDaysAreDeletedAndTodaysKept(CapturedOutput output) {
        long businessId = business();
        long userId = jdbc.sql("SELECT owner_id FROM businesses WHERE id = ?").param(businessId).query(Long.class).single();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (LocalDate day : List.of(today.minusDays(30), today.minusDays(2), today.minusDays(1), today)) {
            jdbc.sql("INSERT INTO generation_quota (user_id, quota_day, generated_count) VALUES (?, ?, 7)")
                    .params(userId, day).update();
        }

        contents.clearExpiredContent();

        assertThat(jdbc.sql("SELECT quota_day FROM generation_quota WHERE user_id = ?").param(userId)
                .query(LocalDate.class).list()).containsExactly(today);
        assertThat(output.getOut()).contains(" quota_rows=3 quota_batches=2 ");
    }

    private long business() {
        long userId = users.create("cleanup-" + UUID.randomUUID() + "@example.com", "Cleaner").user().id();
        return businesses.create(userId, "Tidy Ltd", Instant.parse("2001-01-01T00:00:00Z"), 0, 0).id();
    }

    private List<LocalDate> periods(long businessId) {
        return jdbc.sql("SELECT period_start FROM content WHERE business_id = ? ORDER BY period_start")
                .param(businessId).query(LocalDate.class).list();
    }

    private void insert(long businessId, LocalDate period, Instant expiresAt) {
        jdbc.sql("""
                INSERT INTO content (user_id, business_id, content_type, period_start, body, business_revision,
                                     generated_at, expires_at)
                SELECT owner_id, id, 'daily_horoscope', ?, 'text', 1, ?, ? FROM businesses WHERE id = ?""")
                .params(period, Instant.EPOCH.atOffset(ZoneOffset.UTC), expiresAt.atOffset(ZoneOffset.UTC), businessId)
                .update();
    }
}
