package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.corpastro.backend.account.UserService;
import com.corpastro.backend.business.BusinessService;

/**
 * Stored content never goes back to an older business revision: a generation that started before the
 * business changed and finished after the newer one was stored leaves the newer row in place.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:revisions;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1")
class ContentRevisionOrderTest {

    private static final LocalDate PERIOD = LocalDate.of(2026, 6, 15);
    private static final Instant GENERATED = Instant.parse("2026-06-15T00:00:00Z");

    @Autowired
    ContentRepository repository;
    @Autowired
    UserService users;
    @Autowired
    BusinessService businesses;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aLateWriteForAnOlderRevisionKeepsTheNewerRow() {
        long businessId = business();
        long userId = owner(businessId);

        repository.save(content(userId, businessId, 4, "for revision 4"));
        repository.save(content(userId, businessId, 3, "for revision 3, finished late"));
        repository.saveAll(List.of(content(userId, businessId, 2, "for revision 2, finished later still")));

        assertThat(stored(businessId)).isEqualTo("for revision 4");
    }

    @Test
    void aNewerOrEqualRevisionReplacesTheRow() {
        long businessId = business();
        long userId = owner(businessId);

        repository.save(content(userId, businessId, 1, "first"));
        repository.save(content(userId, businessId, 1, "regenerated at the same revision"));
        assertThat(stored(businessId)).isEqualTo("regenerated at the same revision");

        repository.saveAll(List.of(content(userId, businessId, 2, "for revision 2")));
        assertThat(stored(businessId)).isEqualTo("for revision 2");
    }

    private long business() {
        long userId = users.create("revisions-" + UUID.randomUUID() + "@example.com", "Owner").user().id();
        return businesses.create(userId, "Order Ltd", Instant.parse("2001-01-01T00:00:00Z"), 0, 0).id();
    }

    private long owner(long businessId) {
        return jdbc.sql("SELECT owner_id FROM businesses WHERE id = ?").param(businessId).query(Long.class).single();
    }

    private static Content content(long userId, long businessId, int revision, String body) {
        return new Content(userId, businessId, "daily_horoscope", PERIOD, body, revision, GENERATED,
                GENERATED.plusSeconds(86_400L * 365 * 100), ContentSource.BUILTIN, null);
    }

    private String stored(long businessId) {
        return jdbc.sql("SELECT body FROM content WHERE business_id = ?").param(businessId).query(String.class).single();
    }
}
