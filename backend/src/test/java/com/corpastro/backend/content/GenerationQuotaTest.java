package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.backend.content.OptimizedContentService.ContentRequest;
import com.corpastro.backend.content.OptimizedContentService.ContentResult;
import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.db.DatabaseOptimizer;
import com.corpastro.performance.error.AppError;

/**
 * The daily quota of newly generated content per business owner, with a quota of 3, on H2 in
 * PostgreSQL mode; {@link GenerationQuotaPostgresTest} runs the same on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:quota;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "corp-astro.content.generation-quota=3",
        "corp-astro.admin.token=" + GenerationQuotaTest.ADMIN_TOKEN,
        "corp-astro.http.endpoint-types.auth.limit=1000" })
class GenerationQuotaTest {

    static final String ADMIN_TOKEN = "quota-test-admin-token-0123456789abcdef";

    @LocalServerPort
    int port;
    @Autowired
    OptimizedContentService contents;
    @Autowired
    BusinessService businesses;
    @Autowired
    CacheManager cache;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DatabaseOptimizer database;

    private Api api;
    private SignedUp owner;
    private long businessId;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        owner = api.signUp("Quota Owner");
        businessId = api.createBusiness(owner.token(), "Quota Works", "2015-03-20T09:00:00Z");
    }

    @Test
    void newContentBeyondTheOwnersDailyQuotaIs429WithRetryAfterWhileContentAlreadyGeneratedIsStillServed() {
        for (int day = 1; day <= 3; day++) {
            assertThat(content(owner.token(), "2030-01-0" + day).status()).isEqualTo(200);
        }

        Response refused = content(owner.token(), "2030-01-04");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("generation_quota_exceeded");
        assertThat(refused.body()).doesNotContain("Exception");
        // Seconds until the next midnight UTC, when the quota renews.
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_400L);
        assertThat(generatedToday(owner.id())).isEqualTo(3);
        // Content already generated costs nothing, from any tier.
        assertThat(content(owner.token(), "2030-01-01").status()).isEqualTo(200);
        assertThat(content(owner.token(), "2030-01-02").json().get("fromCache").asBoolean()).isTrue();
        assertThat(generatedToday(owner.id())).isEqualTo(3);
    }

    @Test
    void contentReadFromTheDatabaseCostsNothing() {
        Business business = businesses.get(new Caller(owner.id(), false), businessId);
        LocalDate period = LocalDate.of(2030, 2, 1);
        contents.getOrGenerateContent(owner.id(), business, ContentType.DAILY_HOROSCOPE, period, this::text);
        useUpTheQuota(owner.id());
        cache.delete("content:" + owner.id() + ":" + businessId + ":daily_horoscope:" + period);

        OptimizedContentService.ContentResult again = contents.getOrGenerateContent(owner.id(), business,
                ContentType.DAILY_HOROSCOPE, period, () -> {
                    throw new AssertionError("stored content must not be generated again");
                });

        assertThat(again.content().body()).isEqualTo("text of the test");
        assertThat(again.fromCache()).isTrue();
    }

    @Test
    void anAdminReadingABusinessSpendsTheQuotaOfItsOwner() {
        assertThat(content(owner.token(), "2030-03-01").status()).isEqualTo(200);
        assertThat(content(owner.token(), "2030-03-02").status()).isEqualTo(200);

        assertThat(content(ADMIN_TOKEN, "2030-03-03").status()).isEqualTo(200);

        assertThat(generatedToday(owner.id())).isEqualTo(3);
        assertThat(content(owner.token(), "2030-03-04").status()).isEqualTo(429);
        assertThat(content(ADMIN_TOKEN, "2030-03-05").json().get("code").asString())
                .isEqualTo("generation_quota_exceeded");
    }

    @Test
    void concurrentFirstRequestsForOneContentGenerateItOnceAndCountOnce() throws Exception {
        List<Response> answers = concurrently(Collections.nCopies(8, "2030-04-01"));

        assertThat(answers).extracting(Response::status).containsOnly(200);
        assertThat(generatedToday(owner.id())).isEqualTo(1);
    }

    @Test
    void concurrentGenerationsOfDifferentContentNeverExceedTheQuota() throws Exception {
        List<Response> answers = concurrently(IntStream.range(0, 8)
                .mapToObj(i -> LocalDate.of(2030, 6, 1).plusDays(i).toString()).toList());

        assertThat(answers).extracting(Response::status).containsOnly(200, 429)
                .filteredOn(status -> status == 200).hasSize(3);
        assertThat(generatedToday(owner.id())).isEqualTo(3);
    }

    @Test
    void aGenerationThatFailsIsGivenBack() {
        Business business = businesses.get(new Caller(owner.id(), false), businessId);

        assertThatThrownBy(() -> contents.getOrGenerateContent(owner.id(), business, ContentType.WEEKLY_FORECAST,
                LocalDate.of(2030, 5, 6), () -> {
                    throw new IllegalStateException("generator broke");
                })).hasMessage("generator broke");

        assertThat(generatedToday(owner.id())).isZero();
    }

    @Test
    void aBatchTakesTheQuotaForAllItsNewContentOrNone() {
        Caller caller = new Caller(owner.id(), false);
        Business first = businesses.get(caller, businessId);
        Business second = businesses.get(caller, api.createBusiness(owner.token(), "Second Works", "2016-04-21T10:00:00Z"));
        LocalDate day = LocalDate.of(2030, 8, 1);

        Map<ContentRequest, ContentResult> two = contents.getOrGenerateAll(List.of(
                new ContentRequest(first, ContentType.DAILY_HOROSCOPE, day),
                new ContentRequest(second, ContentType.DAILY_HOROSCOPE, day)), request -> text());
        assertThat(two.values()).extracting(ContentResult::fromCache).containsExactly(false, false);
        assertThat(generatedToday(owner.id())).isEqualTo(2);

        // Two more would pass the quota of 3: neither is generated, nothing more is counted.
        assertThatThrownBy(() -> contents.getOrGenerateAll(List.of(
                new ContentRequest(first, ContentType.WEEKLY_FORECAST, day),
                new ContentRequest(second, ContentType.WEEKLY_FORECAST, day)), request -> text()))
                .isInstanceOfSatisfying(AppError.class,
                        error -> assertThat(error.code()).isEqualTo("generation_quota_exceeded"));
        assertThat(generatedToday(owner.id())).isEqualTo(2);

        // The stored two cost nothing again; one new one fits.
        Map<ContentRequest, ContentResult> mixed = contents.getOrGenerateAll(List.of(
                new ContentRequest(first, ContentType.DAILY_HOROSCOPE, day),
                new ContentRequest(second, ContentType.MONTHLY_OUTLOOK, day)), request -> text());
        assertThat(mixed.values()).extracting(ContentResult::fromCache).containsExactly(true, false);
        assertThat(generatedToday(owner.id())).isEqualTo(3);
    }

    @Test
    void aBatchWhoseGeneratorFailsGivesItsQuotaBack() {
        Business business = businesses.get(new Caller(owner.id(), false), businessId);

        assertThatThrownBy(() -> contents.getOrGenerateAll(List.of(
                new ContentRequest(business, ContentType.DAILY_HOROSCOPE, LocalDate.of(2030, 9, 1)),
                new ContentRequest(business, ContentType.WEEKLY_FORECAST, LocalDate.of(2030, 9, 1))), request -> {
                    throw new IllegalStateException("generator broke");
                })).hasMessage("generator broke");

        assertThat(generatedToday(owner.id())).isZero();
    }

    @Test
    void theQuotaRenewsAtMidnightUtcWhichRetryAfterCountsDownTo() {
        ContentProperties properties = new ContentProperties();
        properties.setGenerationQuota(1);
        Instant lateEvening = Instant.parse("2031-06-30T23:59:30Z");
        GenerationQuota evening = new GenerationQuota(jdbc, database, properties, Clock.fixed(lateEvening, ZoneOffset.UTC));
        evening.take(owner.id());

        assertThatThrownBy(() -> evening.take(owner.id())).isInstanceOfSatisfying(AppError.class, error -> {
            assertThat(error.code()).isEqualTo("generation_quota_exceeded");
            assertThat(error.status().value()).isEqualTo(429);
            assertThat(error.headers()).containsEntry("Retry-After", "30");
        });

        GenerationQuota nextDay = new GenerationQuota(jdbc, database, properties,
                Clock.fixed(Instant.parse("2031-07-01T00:00:00Z"), ZoneOffset.UTC));
        assertThat(nextDay.take(owner.id()).day()).isEqualTo(LocalDate.of(2031, 7, 1));
    }

    @Test
    void aQuotaOfZeroCountsNothing() {
        ContentProperties properties = new ContentProperties();
        properties.setGenerationQuota(0);
        GenerationQuota off = new GenerationQuota(jdbc, database, properties, Clock.systemUTC());

        for (int i = 0; i < 5; i++) {
            off.take(owner.id());
        }

        assertThat(jdbc.sql("SELECT COUNT(*) FROM generation_quota WHERE user_id = ?").param(owner.id())
                .query(Integer.class).single()).isZero();
    }

    private GeneratedText text() {
        return new GeneratedText("text of the test", ContentSource.BUILTIN, null);
    }

    private void useUpTheQuota(long userId) {
        jdbc.sql("UPDATE generation_quota SET generated_count = 3 WHERE user_id = ? AND quota_day = ?")
                .params(userId, LocalDate.now(ZoneOffset.UTC)).update();
        assertThat(generatedToday(userId)).isEqualTo(3);
    }

    private int generatedToday(long userId) {
        return jdbc.sql("SELECT generated_count FROM generation_quota WHERE user_id = ? AND quota_day = ?")
                .params(userId, LocalDate.now(ZoneOffset.UTC)).query(Integer.class).optional().orElse(0);
    }

    /** The owner's content of each date in {@code dates}, all requests released at once. */
    private List<Response> concurrently(List<String> dates) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(dates.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> pending = new ArrayList<>();
            for (String date : dates) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return content(owner.token(), date);
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private Response content(String token, String date) {
        return api.get("/api/businesses/" + businessId + "/content/daily_horoscope?date=" + date, token);
    }
}
