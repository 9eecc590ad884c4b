package com.corpastro.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.astro.Chart;
import com.corpastro.backend.astro.Planet;
import com.corpastro.backend.astro.Sign;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.backend.content.ContentType;
import com.corpastro.backend.content.ContentWriter;
import com.corpastro.backend.content.OptimizedContentService;
import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP API as a client sees it, over real HTTP. Run against H2 and against PostgreSQL by the
 * subclasses, which start the service on a random port.
 */
abstract class ApiContractTests {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    /** Every test signs up its own users from one address; the production limit (10) is tested on its own. */
    static final int SIGN_UPS_PER_MINUTE = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BusinessService businessService;

    @Autowired
    OptimizedContentService contentService;

    @Autowired
    ContentWriter contentWriter;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void signUpReturnsTheTokenOnceAndTheTokenIdentifiesTheUser() {
        Response created = api.post("/api/users", null, "{\"email\":\"Ada.Lovelace@Example.com\",\"name\":\"Ada\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode user = created.json();
        assertThat(user.get("email").asString()).isEqualTo("ada.lovelace@example.com");
        assertThat(user.get("name").asString()).isEqualTo("Ada");
        String token = user.get("apiToken").asString();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);

        Response me = api.get("/api/users/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("id").asLong()).isEqualTo(user.get("id").asLong());
        assertThat(me.json().get("email").asString()).isEqualTo("ada.lovelace@example.com");
        assertThat(me.json().has("apiToken")).isFalse();
    }

    @Test
    void aSecondSignUpWithTheSameEmailIsAConflict() {
        SignedUp first = api.signUp("Grace");
        Response again = api.post("/api/users", null,
                "{\"email\":\"" + first.email().toUpperCase() + "\",\"name\":\"Grace again\"}");
        assertProblem(again, 409, "email_taken");
    }

    @Test
    void invalidSignUpFieldsAreNamedInTheProblem() {
        Response response = api.post("/api/users", null, "{\"email\":\"not-an-email\",\"name\":\"\"}");
        assertProblem(response, 400, "validation_failed");
        assertThat(response.json().get("detail").asString()).contains("email").contains("name");
    }

    @Test
    void malformedJsonIsABadRequestWithoutInternals() {
        Response response = api.post("/api/users", null, "{\"email\": ");
        assertProblem(response, 400, "malformed_request_body");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("jackson");
    }

    @Test
    void missingOrUnknownTokensAreUnauthorized() {
        assertProblem(api.get("/api/users/me", null), 401, "unauthorized");
        assertProblem(api.get("/api/users/me", "no-such-token"), 401, "invalid_token");
        assertProblem(api.get("/api/businesses/1", "no-such-token"), 401, "invalid_token");
    }

    @Test
    void aBusinessComesWithItsNatalChart() {
        SignedUp owner = api.signUp("Owner");
        Response created = api.post("/api/businesses", owner.token(),
                "{\"name\":\"Orbit Labs\",\"foundedAt\":\"2015-03-20T09:45:00Z\",\"latitude\":52.52,\"longitude\":13.405}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode business = created.json();
        assertThat(business.get("name").asString()).isEqualTo("Orbit Labs");
        assertThat(business.get("foundedAt").asString()).isEqualTo("2015-03-20T09:45:00Z");
        assertThat(business.get("latitude").asDouble()).isEqualTo(52.52);
        assertThat(business.get("longitude").asDouble()).isEqualTo(13.405);
        JsonNode chart = business.get("natalChart");
        assertThat(chart.propertyNames()).containsExactlyInAnyOrder("sun", "moon", "mercury", "venus", "mars",
                "jupiter", "saturn");
        // 2015-03-20 09:45 UTC: the total solar eclipse, 13 hours before the March equinox, so the Sun sits just below 0 Aries.
        assertThat(chart.get("sun").get("sign").asString()).isIn("aries", "pisces");
        assertThat(chart.get("sun").get("longitude").asDouble()).satisfiesAnyOf(
                lon -> assertThat(lon).isLessThan(1.0), lon -> assertThat(lon).isGreaterThan(359.0));
        for (JsonNode point : chart) {
            assertThat(point.get("sign").asString()).matches("[a-z]+");
            assertThat(point.get("degree").asDouble()).isBetween(0.0, 30.0);
            assertThat(point.get("retrograde").isBoolean()).isTrue();
        }

        Response read = api.get("/api/businesses/" + business.get("id").asLong(), owner.token());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(business);
    }

    @Test
    void invalidBusinessFieldsAreRejected() {
        SignedUp owner = api.signUp("Owner");
        assertProblem(api.post("/api/businesses", owner.token(),
                "{\"name\":\"X\",\"foundedAt\":\"2015-03-20T09:45:00Z\",\"latitude\":91,\"longitude\":0}"),
                400, "validation_failed");
        assertProblem(api.post("/api/businesses", owner.token(),
                "{\"name\":\"X\",\"foundedAt\":\"yesterday\",\"latitude\":0,\"longitude\":0}"),
                400, "malformed_request_body");
        assertProblem(api.post("/api/businesses", owner.token(),
                "{\"name\":\"X\",\"foundedAt\":\"1850-01-01T00:00:00Z\",\"latitude\":0,\"longitude\":0}"),
                400, "founded_at_out_of_range");
        assertProblem(api.post("/api/businesses", owner.token(), "{\"name\":\"X\"}"), 400, "validation_failed");
    }

    @Test
    void theSameContentIsGeneratedOnceThenServedFromTheCache() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Nova Bakery", "2011-06-01T08:00:00Z");
        String path = "/api/businesses/" + id + "/content/daily_horoscope?date=2026-11-25";

        Response first = api.get(path, owner.token());
        Response second = api.get(path, owner.token());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("fromCache").asBoolean()).isFalse();
        assertThat(second.json().get("fromCache").asBoolean()).isTrue();
        assertThat(second.json().get("body").asString()).isEqualTo(first.json().get("body").asString());
        assertThat(second.json().get("generatedAt")).isEqualTo(first.json().get("generatedAt"));
        JsonNode content = first.json();
        assertThat(content.get("businessId").asLong()).isEqualTo(id);
        assertThat(content.get("contentType").asString()).isEqualTo("daily_horoscope");
        assertThat(content.get("period").asString()).isEqualTo("2026-11-25");
        assertThat(content.get("body").asString()).startsWith("Daily horoscope for Nova Bakery, Wednesday 25 November 2026.")
                .contains("The Moon is").contains("The Sun stands at").doesNotContain("{");
        assertThat(content.get("expiresAt").asString()).isGreaterThan(content.get("generatedAt").asString());

        // The second answer was stored by the response cache: the third comes from it, unchanged.
        Response third = api.get(path, owner.token());
        assertThat(third.headers().firstValue("Server-Timing").orElse("")).contains("response-cache;desc=\"hit\"");
        assertThat(third.body()).isEqualTo(second.body());
        assertThat(second.headers().firstValue("Cache-Control").orElse("")).startsWith("private");
    }

    @Test
    void contentCarriesTheSkyItsTextWasWrittenFrom() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Nova Bakery", "2011-06-01T08:00:00Z");
        for (String type : List.of("daily_horoscope", "weekly_forecast", "monthly_outlook")) {
            String path = "/api/businesses/" + id + "/content/" + type + "?date=2026-11-25";
            Response first = api.get(path, owner.token());
            Response second = api.get(path, owner.token());
            Response third = api.get(path, owner.token());

            JsonNode sky = first.json().get("sky");
            assertThat(first.json().get("fromCache").asBoolean()).isFalse();
            assertThat(second.json().get("fromCache").asBoolean()).isTrue();
            assertThat(second.json().get("sky")).isEqualTo(sky);
            assertThat(third.json().get("sky")).isEqualTo(sky);
            assertSkyIsTheEnginesAndTheTexts(sky, first.json().get("body").asString(), "2011-06-01T08:00:00Z");
            // Stored with the row, in the same form.
            String stored = jdbc.sql("SELECT sky FROM content WHERE business_id = ? AND content_type = ?")
                    .params(id, type).query(String.class).single();
            assertThat(first.json().get("sky")).isEqualTo(JSON.readTree(stored));
        }
    }

    /**
     * Every body with a sign and degree that match its longitude, the engine's aspects for the
     * same instant and founding chart, and highlighted exactly those the text describes.
     */
    static void assertSkyIsTheEnginesAndTheTexts(JsonNode sky, String body, String foundedAt) {
        List<String> planets = Arrays.stream(Planet.values()).map(Planet::key).toList();
        Instant at = Instant.parse(sky.get("at").asString());
        AstroEngine engine = new AstroEngine();
        Chart transits = engine.chart(at);
        Chart natal = engine.chart(Instant.parse(foundedAt));
        for (String chart : List.of("transits", "natal")) {
            assertThat(sky.get(chart).valueStream().map(p -> p.get("planet").asString()).toList()).isEqualTo(planets);
            for (JsonNode position : sky.get(chart)) {
                double longitude = position.get("longitude").asDouble();
                int index = (int) Math.floor(longitude / 30.0);
                assertThat(position.get("sign").asString()).as(position.toString()).isEqualTo(Sign.values()[index].key());
                assertThat(position.get("degree").asDouble()).as(position.toString())
                        .isCloseTo(longitude - 30.0 * index, within(1e-9));
                assertThat(position.get("retrograde").isBoolean()).isTrue();
            }
        }
        assertThat(sky.get("transits").get(0).get("longitude").asDouble()).isCloseTo(
                transits.position(Planet.SUN).longitude(), within(0.01));
        assertThat(sky.get("natal").get(1).get("longitude").asDouble()).isCloseTo(
                natal.position(Planet.MOON).longitude(), within(0.01));
        assertThat(sky.get("retrograde").valueStream().map(JsonNode::asString).toList())
                .isEqualTo(sky.get("transits").valueStream().filter(p -> p.get("retrograde").asBoolean())
                        .map(p -> p.get("planet").asString()).toList());
        assertThat(sky.get("aspects").valueStream()
                .map(a -> a.get("transit").asString() + " " + a.get("type").asString() + " " + a.get("natal").asString())
                .toList()).isEqualTo(engine.aspects(transits, natal).stream()
                        .map(a -> a.transiting().key() + " " + a.type().key() + " " + a.natal().key()).toList());

        Matcher matcher = Pattern.compile(
                "Transiting (\\w+) (joins|sextiles|squares|trines|opposes) .+?'s natal (\\w+) \\(orb").matcher(body);
        Map<String, String> verbs = Map.of("joins", "conjunction", "sextiles", "sextile",
                "squares", "square", "trines", "trine", "opposes", "opposition");
        List<String> described = new ArrayList<>();
        while (matcher.find()) {
            described.add(matcher.group(1).toLowerCase(Locale.ROOT) + " " + verbs.get(matcher.group(2)) + " "
                    + matcher.group(3).toLowerCase(Locale.ROOT));
        }
        assertThat(sky.get("aspects").valueStream().filter(a -> a.get("highlighted").asBoolean())
                .map(a -> a.get("transit").asString() + " " + a.get("type").asString() + " " + a.get("natal").asString())
                .toList()).as(body).isEqualTo(described);
        assertThat(body).contains("(" + Math.round(sky.get("moonPhase").get("illumination").asDouble() * 100) + "% lit)");
    }

    @Test
    void concurrentFirstRequestsGenerateTheContentOnce() throws Exception {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Busy Bistro", "2018-04-04T04:04:00Z");
        String path = "/api/businesses/" + id + "/content/monthly_outlook?date=2026-12-01";
        List<Response> responses = concurrently(8, i -> api.get(path, owner.token()));
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(responses).filteredOn(r -> !r.json().get("fromCache").asBoolean()).hasSize(1);
        assertThat(responses).extracting(r -> r.json().get("body").asString()).containsOnly(
                responses.get(0).json().get("body").asString());
    }

    @Test
    void weeklyAndMonthlyContentCoverTheirWholePeriod() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Nova Bakery", "2011-06-01T08:00:00Z");
        Response weekly = api.get("/api/businesses/" + id + "/content/weekly_forecast?date=2026-11-27", owner.token());
        Response sameWeek = api.get("/api/businesses/" + id + "/content/weekly_forecast?date=2026-11-23", owner.token());
        Response monthly = api.get("/api/businesses/" + id + "/content/monthly_outlook?date=2026-11-27", owner.token());

        assertThat(weekly.json().get("period").asString()).isEqualTo("2026-11-23");
        assertThat(sameWeek.json().get("fromCache").asBoolean()).isTrue();
        assertThat(monthly.json().get("period").asString()).isEqualTo("2026-11-01");
        assertThat(monthly.json().get("body").asString()).startsWith("Monthly outlook for Nova Bakery, November 2026.");
    }

    @Test
    void contentCanBeAskedForAnyDateFrom1900To2100() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Old Firm", "1901-01-01T00:00:00Z");
        for (String date : List.of("1900-01-01", "2100-12-31")) {
            for (String type : List.of("daily_horoscope", "weekly_forecast", "monthly_outlook")) {
                String path = "/api/businesses/" + id + "/content/" + type + "?date=" + date;
                assertThat(api.get(path, owner.token()).status()).as(path).isEqualTo(200);
                assertThat(api.get(path, owner.token()).json().get("fromCache").asBoolean()).as(path).isTrue();
            }
        }
    }

    @Test
    void badContentRequestsAreClientErrors() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Nova Bakery", "2011-06-01T08:00:00Z");
        String base = "/api/businesses/" + id + "/content/";
        assertProblem(api.get(base + "yearly_prophecy", owner.token()), 400, "unknown_content_type");
        assertProblem(api.get(base + "daily_horoscope?date=2026-02-30", owner.token()), 400, "invalid_date");
        assertProblem(api.get(base + "daily_horoscope?date=tomorrow", owner.token()), 400, "invalid_date");
        assertProblem(api.get(base + "daily_horoscope?date=1899-12-31", owner.token()), 400, "date_out_of_range");
        assertProblem(api.get(base + "daily_horoscope?date=2101-01-01", owner.token()), 400, "date_out_of_range");
        assertProblem(api.get("/api/businesses/999999999/content/daily_horoscope", owner.token()), 404,
                "business_not_found");
        assertProblem(api.get("/api/businesses/abc/content/daily_horoscope", owner.token()), 400,
                "invalid_parameter");
    }

    @Test
    void aUserNeverSeesAnotherUsersBusinessOrContent() {
        SignedUp alice = api.signUp("Alice");
        SignedUp mallory = api.signUp("Mallory");
        long aliceBusiness = api.createBusiness(alice.token(), "Alice Analytics", "2019-09-09T09:09:00Z");
        String content = "/api/businesses/" + aliceBusiness + "/content/daily_horoscope?date=2026-11-25";
        // Alice's business and content are now in every cache.
        assertThat(api.get("/api/businesses/" + aliceBusiness, alice.token()).status()).isEqualTo(200);
        assertThat(api.get(content, alice.token()).status()).isEqualTo(200);

        Response business = api.get("/api/businesses/" + aliceBusiness, mallory.token());
        Response stolen = api.get(content, mallory.token());
        Response missing = api.get("/api/businesses/999999999", mallory.token());

        assertProblem(business, 404, "business_not_found");
        assertProblem(stolen, 404, "business_not_found");
        assertThat(stolen.body()).doesNotContain("Alice Analytics");
        // Someone else's business answers exactly like one that does not exist.
        assertThat(business.json().get("detail").asString().replace(String.valueOf(aliceBusiness), "N"))
                .isEqualTo(missing.json().get("detail").asString().replace("999999999", "N"));
    }

    @Test
    void theAdminTokenReadsAnyBusinessAndItsOwnersContent() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Nova Bakery", "2011-06-01T08:00:00Z");
        String content = "/api/businesses/" + id + "/content/daily_horoscope?date=2026-11-26";
        Response ownerContent = api.get(content, owner.token());

        assertThat(api.get("/api/businesses/" + id, ADMIN_TOKEN).status()).isEqualTo(200);
        Response adminContent = api.get(content, ADMIN_TOKEN);
        assertThat(adminContent.status()).isEqualTo(200);
        assertThat(adminContent.json().get("body")).isEqualTo(ownerContent.json().get("body"));
        assertThat(adminContent.json().get("fromCache").asBoolean()).isTrue();
        assertProblem(api.post("/api/businesses", ADMIN_TOKEN,
                "{\"name\":\"X\",\"foundedAt\":\"2015-03-20T09:45:00Z\",\"latitude\":0,\"longitude\":0}"),
                403, "user_token_required");
    }

    @Test
    void renamingABusinessIsSeenAtOnceInItsDataAndItsContent() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Old Name", "2011-06-01T08:00:00Z");
        JsonNode before = api.get("/api/businesses/" + id, owner.token()).json();
        String content = "/api/businesses/" + id + "/content/daily_horoscope?date=2026-11-25";
        api.get(content, owner.token());

        Response renamed = patch("/api/businesses/" + id, owner.token(), "{\"name\":\"New Name\"}");

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asString()).isEqualTo("New Name");
        assertThat(renamed.json().get("natalChart")).isEqualTo(before.get("natalChart"));
        assertThat(api.get("/api/businesses/" + id, owner.token()).json().get("name").asString()).isEqualTo("New Name");
        Response rewritten = api.get(content, owner.token());
        assertThat(rewritten.json().get("fromCache").asBoolean()).isFalse();
        assertThat(rewritten.json().get("body").asString()).contains("New Name").doesNotContain("Old Name");
    }

    @Test
    void aNewFoundingInstantRecomputesTheChartAndRetiresContentFromTheOldOne() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Shifting Sands", "2011-06-01T08:00:00Z");
        String content = "/api/businesses/" + id + "/content/daily_horoscope?date=2026-11-25";
        Response old = api.get(content, owner.token());
        api.get(content, owner.token());

        Response moved = patch("/api/businesses/" + id, owner.token(), "{\"foundedAt\":\"1999-12-31T23:59:00Z\"}");

        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("foundedAt").asString()).isEqualTo("1999-12-31T23:59:00Z");
        assertThat(moved.json().get("natalChart").get("sun").get("sign").asString()).isEqualTo("capricorn");
        Response fresh = api.get(content, owner.token());
        assertThat(fresh.json().get("fromCache").asBoolean()).isFalse();
        assertThat(fresh.json().get("body")).isNotEqualTo(old.json().get("body"));
        Response cached = api.get(content, owner.token());
        assertThat(cached.json().get("fromCache").asBoolean()).isTrue();
        // The sky's natal chart is the new one; the period's transits are the same.
        JsonNode sky = fresh.json().get("sky");
        assertThat(sky.get("natal")).isNotEqualTo(old.json().get("sky").get("natal"));
        assertThat(sky.get("transits")).isEqualTo(old.json().get("sky").get("transits"));
        assertThat(sky.get("natal").get(0).get("sign").asString()).isEqualTo("capricorn");
        for (JsonNode position : sky.get("natal")) {
            JsonNode point = moved.json().get("natalChart").get(position.get("planet").asString());
            assertThat(position.get("longitude").asDouble()).isCloseTo(point.get("longitude").asDouble(),
                    within(0.01));
        }
        assertThat(cached.json().get("sky")).isEqualTo(sky);
        assertSkyIsTheEnginesAndTheTexts(sky, fresh.json().get("body").asString(), "1999-12-31T23:59:00Z");
    }

    @Test
    void onlyTheOwnerMayChangeABusinessAndBadChangesAreRejected() {
        SignedUp owner = api.signUp("Owner");
        SignedUp other = api.signUp("Other");
        long id = api.createBusiness(owner.token(), "Mine", "2011-06-01T08:00:00Z");
        String path = "/api/businesses/" + id;

        assertProblem(patch(path, other.token(), "{\"name\":\"Hijacked\"}"), 404, "business_not_found");
        assertProblem(patch(path, ADMIN_TOKEN, "{\"name\":\"Hijacked\"}"), 403, "owner_required");
        assertProblem(patch(path, owner.token(), "{}"), 400, "empty_update");
        assertProblem(patch(path, owner.token(), "{\"latitude\":-90.5}"), 400, "validation_failed");
        assertProblem(patch(path, owner.token(), "{\"name\":\"  \"}"), 400, "validation_failed");
        assertProblem(patch(path, owner.token(), "{\"foundedAt\":\"2200-01-01T00:00:00Z\"}"), 400,
                "founded_at_out_of_range");
        assertThat(api.get(path, owner.token()).json().get("name").asString()).isEqualTo("Mine");
    }

    @Test
    void aBusinessCarriesAStrongETagOfItsRevisionThatIfNoneMatchAndIfMatchUse() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Tagged", "2011-06-01T08:00:00Z");
        String path = "/api/businesses/" + id;

        Response first = api.get(path, owner.token());
        assertThat(first.headers().firstValue("ETag")).hasValue("\"r1\"");
        assertThat(send("GET", path, owner.token(), null, Map.of("If-None-Match", "\"r1\"")).status()).isEqualTo(304);

        Response renamed = send("PATCH", path, owner.token(), "{\"name\":\"Retagged\"}", Map.of("If-Match", "\"r1\""));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.headers().firstValue("ETag")).hasValue("\"r2\"");
        Response read = send("GET", path, owner.token(), null, Map.of("If-None-Match", "\"r1\""));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).hasValue("\"r2\"");
        assertThat(read.json().get("name").asString()).isEqualTo("Retagged");
    }

    @Test
    void aPatchWhoseIfMatchIsNotTheCurrentRevisionIs412AndChangesNothing() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Guarded", "2011-06-01T08:00:00Z");
        String path = "/api/businesses/" + id;
        assertThat(patch(path, owner.token(), "{\"name\":\"Second\"}").status()).isEqualTo(200);

        for (String stale : List.of("\"r1\"", "W/\"r2\"", "\"r3\"", "\"2\"", "r2", "")) {
            Response refused = send("PATCH", path, owner.token(), "{\"name\":\"Lost\"}", Map.of("If-Match", stale));
            assertProblem(refused, 412, "precondition_failed");
        }
        assertThat(api.get(path, owner.token()).json().get("name").asString()).isEqualTo("Second");
        assertThat(send("PATCH", path, owner.token(), "{\"name\":\"Third\"}", Map.of("If-Match", "\"r7\", \"r2\""))
                .headers().firstValue("ETag")).hasValue("\"r3\"");
        assertThat(send("PATCH", path, owner.token(), "{\"name\":\"Fourth\"}", Map.of("If-Match", "*"))
                .headers().firstValue("ETag")).hasValue("\"r4\"");
        // Who may not see the business learns nothing of its revision.
        assertProblem(send("PATCH", path, api.signUp("Other").token(), "{\"name\":\"X\"}", Map.of("If-Match", "\"r1\"")),
                404, "business_not_found");
    }

    @Test
    void concurrentPatchesWithoutIfMatchLoseNoChange() throws Exception {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Contended", "2011-06-01T08:00:00Z");
        int writers = 16;

        List<Response> responses = concurrently(writers, i -> patch("/api/businesses/" + id, owner.token(),
                switch (i % 4) {
                    case 0 -> "{\"name\":\"Writer " + i + "\"}";
                    case 1 -> "{\"latitude\":" + i + "}";
                    case 2 -> "{\"longitude\":" + i + "}";
                    default -> "{\"foundedAt\":\"20" + (10 + i) + "-01-01T00:00:00Z\"}";
                }));

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        // Each change wrote its own revision: none was computed from a state another one replaced.
        assertThat(responses).extracting(r -> r.headers().firstValue("ETag").orElseThrow())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, writers + 1)
                        .mapToObj(n -> "\"r" + n + "\"").toList());
        assertThat(jdbc.sql("SELECT revision FROM businesses WHERE id = ?").param(id).query(Integer.class).single())
                .isEqualTo(1 + writers);
        // The last writer of each field saw every earlier change and kept it.
        JsonNode last = responses.stream().max(Comparator.comparing(
                r -> Integer.parseInt(r.headers().firstValue("ETag").orElseThrow().replaceAll("\\D", "")))).orElseThrow().json();
        assertThat(api.get("/api/businesses/" + id, owner.token()).json()).isEqualTo(last);
    }

    @Test
    void ofConcurrentPatchesNamingTheSameRevisionExactlyOneWins() throws Exception {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Raced", "2011-06-01T08:00:00Z");

        List<Response> responses = concurrently(16, i -> send("PATCH", "/api/businesses/" + id, owner.token(),
                "{\"name\":\"Racer " + i + "\"}", Map.of("If-Match", "\"r1\"")));

        assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 200)
                .allSatisfy(r -> assertProblem(r, 412, "precondition_failed")).hasSize(15);
        assertThat(jdbc.sql("SELECT revision FROM businesses WHERE id = ?").param(id).query(Integer.class).single())
                .isEqualTo(2);
    }

    @Test
    void contentWrittenFromARevisionAChangeReplacedIsNeverServedForTheNewOne() {
        SignedUp owner = api.signUp("Owner");
        long id = api.createBusiness(owner.token(), "Old Name", "2011-06-01T08:00:00Z");
        ContentType daily = ContentType.fromKey("daily_horoscope").orElseThrow();
        LocalDate period = daily.periodStart(LocalDate.parse("2026-11-25"));
        // A content request has read the business at revision 1 ...
        Business before = businessService.get(new Caller(owner.id(), false), id);
        // ... when a rename wins revision 2 ...
        assertThat(patch("/api/businesses/" + id, owner.token(), "{\"name\":\"New Name\"}").status()).isEqualTo(200);
        // ... and then the request finishes, writing and caching content from revision 1.
        String old = contentService.getOrGenerateContent(owner.id(), before, daily, period,
                () -> contentWriter.write(before, daily, period, contentService.getTemplate(daily.templateKey())))
                .content().body();
        assertThat(old).contains("Old Name");

        String path = "/api/businesses/" + id + "/content/daily_horoscope?date=2026-11-25";
        for (int i = 0; i < 3; i++) {
            Response served = api.get(path, owner.token());
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.json().get("body").asString()).contains("New Name").doesNotContain("Old Name");
        }
    }

    @Test
    void listingPagesThroughTheCallersBusinessesWithAnOpaqueCursor() {
        SignedUp owner = api.signUp("Lister");
        SignedUp other = api.signUp("Other");
        List<Long> ids = new java.util.ArrayList<>();
        for (String name : List.of("Alpha", "Beta", "Gamma")) {
            ids.add(api.createBusiness(owner.token(), name, "2011-06-01T08:00:00Z"));
        }
        api.createBusiness(other.token(), "Not Mine", "2011-06-01T08:00:00Z");

        Response all = api.get("/api/businesses", owner.token());
        Response first = api.get("/api/businesses?limit=2", owner.token());
        Response second = api.get("/api/businesses?limit=2&after=" + first.json().get("next").asString(), owner.token());

        assertThat(all.status()).as(all.body()).isEqualTo(200);
        assertThat(all.json().get("items").findValuesAsString("name")).containsExactly("Alpha", "Beta", "Gamma");
        assertThat(all.json().get("next").isNull()).isTrue();
        assertThat(all.json().get("items").get(0).get("id").asLong()).isEqualTo(ids.get(0));
        assertThat(all.json().get("items").get(0).has("natalChart")).isTrue();
        assertThat(first.json().get("items").findValuesAsString("name")).containsExactly("Alpha", "Beta");
        assertThat(second.json().get("items").findValuesAsString("name")).containsExactly("Gamma");
        assertThat(second.json().get("next").isNull()).isTrue();
    }

    @Test
    void listingShowsNewAndChangedBusinessesAtOnce() {
        SignedUp owner = api.signUp("Lister");
        long id = api.createBusiness(owner.token(), "Alpha", "2011-06-01T08:00:00Z");
        assertThat(listedNames(owner)).containsExactly("Alpha");

        api.createBusiness(owner.token(), "Beta", "2011-06-01T08:00:00Z");
        assertThat(listedNames(owner)).containsExactly("Alpha", "Beta");
        assertThat(patch("/api/businesses/" + id, owner.token(), "{\"name\":\"Alpha Two\"}").status()).isEqualTo(200);
        assertThat(listedNames(owner)).containsExactly("Alpha Two", "Beta");
        String rows = "[" + row("ext-list-" + owner.id(), owner.id(), "Imported", "2001-01-01T00:00:00Z", 10, 20) + "]";
        assertThat(api.post("/api/admin/businesses/import", ADMIN_TOKEN, rows).status()).isEqualTo(200);
        assertThat(listedNames(owner)).containsExactly("Alpha Two", "Beta", "Imported");
    }

    private List<String> listedNames(SignedUp owner) {
        Response list = api.get("/api/businesses", owner.token());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().get("items").findValuesAsString("name");
    }

    @Test
    void adminsListAnyOwnersBusinessesOthersOnlyTheirOwn() {
        SignedUp owner = api.signUp("Lister");
        SignedUp other = api.signUp("Other");
        api.createBusiness(owner.token(), "Alpha", "2011-06-01T08:00:00Z");

        Response byAdmin = api.get("/api/businesses?ownerId=" + owner.id(), ADMIN_TOKEN);
        Response byOwner = api.get("/api/businesses?ownerId=" + owner.id(), owner.token());

        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(200);
        assertThat(byAdmin.json().get("items").findValuesAsString("name")).containsExactly("Alpha");
        assertThat(byOwner.json().get("items").findValuesAsString("name")).containsExactly("Alpha");
        assertProblem(api.get("/api/businesses?ownerId=" + owner.id(), other.token()), 403, "admin_required");
        assertProblem(api.get("/api/businesses", ADMIN_TOKEN), 403, "user_token_required");
        assertProblem(api.get("/api/businesses", null), 401, "unauthorized");
    }

    @Test
    void listingRefusesBadParametersWithProblemDetails() {
        SignedUp owner = api.signUp("Lister");

        for (String query : List.of("limit=0", "limit=101", "limit=ten", "limit=1e3", "ownerId=x", "ownerId=-1",
                "after=bm90LWEtY3Vyc29y", "after=%25%25")) {
            assertProblem(api.get("/api/businesses?" + query, owner.token()), 400, "invalid_parameter");
        }
        assertThat(api.get("/api/businesses?limit=100", owner.token()).status()).isEqualTo(200);
    }

    @Test
    void adminsImportBusinessesFromJsonSkippingKnownExternalIds() {
        SignedUp owner = api.signUp("Importer");
        String prefix = "ext-" + owner.id() + "-";
        String rows = "[" + row(prefix + "1", owner.id(), "Alpha", "2001-01-01T00:00:00Z", 10, 20) + ","
                + row(prefix + "2", owner.id(), "Beta", "2002-02-02T00:00:00Z", -10, -20) + ","
                + row(prefix + "1", owner.id(), "Alpha again", "2001-01-01T00:00:00Z", 10, 20) + "]";

        Response first = api.post("/api/admin/businesses/import", ADMIN_TOKEN, rows);
        Response second = api.post("/api/admin/businesses/import", ADMIN_TOKEN, rows);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("inserted").asLong()).isEqualTo(2);
        assertThat(first.json().get("skipped").asLong()).isEqualTo(1);
        assertThat(second.json().get("inserted").asLong()).isZero();
        assertThat(second.json().get("skipped").asLong()).isEqualTo(3);
        assertThat(businessNames(owner)).containsExactlyInAnyOrder("Alpha", "Beta");
    }

    @Test
    void adminsImportBusinessesFromCsvWithAHeaderLine() {
        SignedUp owner = api.signUp("Importer");
        String csv = "name,externalId,ownerId,foundedAt,latitude,longitude\n"
                + "\"Gamma, Inc.\",csv-" + owner.id() + "-1," + owner.id() + ",2003-03-03T03:03:00Z,1.5,2.5\n";
        Response imported = api.send("POST", "/api/admin/businesses/import", ADMIN_TOKEN, "text/csv", csv);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("inserted").asLong()).isEqualTo(1);
        assertThat(businessNames(owner)).containsExactly("Gamma, Inc.");
    }

    @Test
    void oneBadImportRowRejectsTheWholeImportAndNamesTheRow() {
        SignedUp owner = api.signUp("Importer");
        String prefix = "bad-" + owner.id() + "-";
        String good = row(prefix + "1", owner.id(), "Fine", "2001-01-01T00:00:00Z", 10, 20);
        record Case(String badRow, String expected) {
        }
        List<Case> cases = List.of(
                new Case(row(prefix + "2", owner.id(), "Lat", "2001-01-01T00:00:00Z", 91, 0), "Row 2: latitude"),
                new Case(row(prefix + "2", owner.id(), "Date", "2001-13-01", 0, 0), "Row 2: foundedAt"),
                new Case(row(prefix + "2", 999_999_999L, "Nobody", "2001-01-01T00:00:00Z", 0, 0), "Row 2: ownerId"),
                new Case("{\"externalId\":\"" + prefix + "2\",\"ownerId\":" + owner.id() + "}", "Row 2: name"));
        for (Case c : cases) {
            Response rejected = api.post("/api/admin/businesses/import", ADMIN_TOKEN, "[" + good + "," + c.badRow() + "]");
            assertProblem(rejected, 400, "invalid_import_row");
            assertThat(rejected.json().get("detail").asString()).startsWith(c.expected());
        }
        assertThat(businessNames(owner)).isEmpty();
        assertProblem(api.post("/api/admin/businesses/import", owner.token(), "[" + good + "]"), 403, "admin_required");
        assertProblem(api.send("POST", "/api/admin/businesses/import", ADMIN_TOKEN, "text/csv", "name,ownerId\nX,1\n"),
                400, "invalid_import_header");
        assertProblem(api.send("POST", "/api/admin/businesses/import", ADMIN_TOKEN, "text/csv",
                "externalId,ownerId,name,foundedAt,latitude,longitude\n\"unclosed," + owner.id() + ",X,2001-01-01T00:00:00Z,1,1\n"),
                400, "invalid_csv");
    }

    @Test
    void importOwnerIdsAreWholeNumbersExactly() {
        SignedUp owner = api.signUp("Importer");
        String prefix = "exact-" + owner.id() + "-";
        String good = row(prefix + "1", owner.id(), "Fine", "2001-01-01T00:00:00Z", 10, 20);
        // 2^64 + id wraps around to the owner's id when read as a long; 2^63 to a negative one.
        String wrapsToOwner = BigInteger.TWO.pow(64).add(BigInteger.valueOf(owner.id())).toString();
        for (String ownerId : List.of(wrapsToOwner, "9223372036854775808", "1e3", owner.id() + ".0", "1.5",
                "\"" + owner.id() + "e0\"")) {
            String bad = row(prefix + "2", owner.id(), "Inexact", "2001-01-01T00:00:00Z", 0, 0)
                    .replace("\"ownerId\":" + owner.id(), "\"ownerId\":" + ownerId);
            Response rejected = api.post("/api/admin/businesses/import", ADMIN_TOKEN, "[" + good + "," + bad + "]");
            assertProblem(rejected, 400, "invalid_import_row");
            assertThat(rejected.json().get("detail").asString()).as(ownerId)
                    .startsWith("Row 2: ownerId must be a whole number");
        }
        assertThat(businessNames(owner)).isEmpty();
    }

    @Test
    void anImportOfMoreThan100000RowsIsRefusedAtRow100001BeforeTheRestIsRead() {
        SignedUp owner = api.signUp("Importer");
        StringBuilder rows = importRows("cap-" + owner.id() + "-", owner.id(), 100_001);
        // Were the whole body read first, this tail would make it malformed JSON instead.
        rows.append(",{\"this is\": not JSON");

        Response rejected = api.post("/api/admin/businesses/import", ADMIN_TOKEN, rows.toString());

        assertProblem(rejected, 400, "too_many_rows");
        assertThat(rejected.json().get("detail").asString()).contains("row 100001");
        assertThat(businessNames(owner)).isEmpty();
    }

    @Test
    void anImportOf100000RowsGoesIn() {
        SignedUp owner = api.signUp("Importer");
        StringBuilder rows = importRows("full-" + owner.id() + "-", owner.id(), 100_000).append(']');

        Response imported = api.post("/api/admin/businesses/import", ADMIN_TOKEN, rows.toString());

        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("inserted").asLong()).isEqualTo(100_000);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM businesses WHERE owner_id = ?").param(owner.id())
                .query(Long.class).single()).isEqualTo(100_000);
    }

    /** An open JSON array of {@code count} valid rows, without its closing bracket. */
    private static StringBuilder importRows(String prefix, long ownerId, int count) {
        StringBuilder rows = new StringBuilder(count * 160).append('[');
        for (int i = 1; i <= count; i++) {
            rows.append(i == 1 ? "" : ",").append(row(prefix + i, ownerId, "Business " + i,
                    Instant.parse("1950-01-01T00:00:00Z").plusSeconds(i * 3_600L).toString(), i % 90, i % 180));
        }
        return rows;
    }

    @Test
    void adminsSeeQueryStatisticsAndThePool() {
        api.get("/api/templates/daily_horoscope_template", null);
        Response queries = api.get("/api/admin/db/queries?limit=5", ADMIN_TOKEN);
        assertThat(queries.status()).as(queries.body()).isEqualTo(200);
        assertThat(queries.json().get("statements").asLong()).isPositive();
        assertThat(queries.json().get("top").size()).isBetween(1, 5);
        assertThat(queries.json().get("top").get(0).get("fingerprint").asString()).isNotBlank();
        Response pool = api.get("/api/admin/db/pool", ADMIN_TOKEN);
        assertThat(pool.status()).isEqualTo(200);
        assertThat(pool.json().get("max").asInt()).isPositive();
        assertProblem(api.get("/api/admin/db/pool", api.signUp("Nosy").token()), 403, "admin_required");
        assertProblem(api.get("/api/admin/db/queries?limit=0", ADMIN_TOKEN), 400, "validation_failed");
    }

    @Test
    void prometheusMetricsAreForAdminsOnly() {
        assertProblem(api.get("/actuator/prometheus", null), 401, "unauthorized");
        assertProblem(api.get("/actuator/prometheus", api.signUp("Nosy").token()), 403, "admin_required");
        Response metrics = api.get("/actuator/prometheus", ADMIN_TOKEN);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("corp_astro_cache_gets").contains("hikaricp_connections_active");
    }

    @Test
    void eachRequestIsTimedOnceByTheServicesOwnTimerNotAlsoBySpringsObservation() {
        api.get("/api/system/ping", null);
        String metrics = api.get("/actuator/prometheus", ADMIN_TOKEN).body();
        // Spring's http.server.requests observation filter cost about 4 us of CPU per request for a copy of
        // corp_astro.http.requests (method, route, status).
        assertThat(metrics).contains("corp_astro_http_requests_seconds_count{method=\"GET\",route=\"/api/system/ping\"")
                .doesNotContain("http_server_requests");
    }

    private List<String> businessNames(SignedUp owner) {
        // Owners read their own businesses by id; the import tells ids only through the database, so ask it.
        return jdbc.sql("SELECT name FROM businesses WHERE owner_id = ?").param(owner.id()).query(String.class).list();
    }

    private static String row(String externalId, long ownerId, String name, String foundedAt, double lat, double lon) {
        return "{\"externalId\":\"" + externalId + "\",\"ownerId\":" + ownerId + ",\"name\":\"" + name
                + "\",\"foundedAt\":\"" + foundedAt + "\",\"latitude\":" + lat + ",\"longitude\":" + lon + "}";
    }

    @Test
    void templatesAreReadableWithoutAToken() {
        Response template = api.get("/api/templates/daily_horoscope_template", null);
        assertThat(template.status()).isEqualTo(200);
        assertThat(template.json().get("key").asString()).isEqualTo("daily_horoscope_template");
        assertThat(template.json().get("body").asString()).contains("{business}");
        assertThat(template.json().get("version").asInt()).isEqualTo(1);
        assertThat(template.json().get("updatedAt").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertProblem(api.get("/api/templates/no_such_template", null), 404, "template_not_found");
    }

    @Test
    void pingAnswersFixedBytesWithoutAToken() {
        Response ping = api.get("/api/system/ping", null);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.contentType()).startsWith("text/plain");
        assertThat(ping.body()).isEqualTo("pong\n");
        assertProblem(api.send("POST", "/api/system/ping", null, null, null), 405, "method_not_allowed");
    }

    @Test
    void protocolErrorsAreProblemJsonToo() {
        assertProblem(api.get("/api/no-such-route", null), 404, "not_found");
        assertProblem(api.send("DELETE", "/api/templates/daily_horoscope_template", null, null, null), 405,
                "method_not_allowed");
        assertProblem(api.send("POST", "/api/users", null, "text/plain", "hello"), 415, "unsupported_media_type");
    }

    @Test
    void theOpenApiDocumentDescribesTheApi() {
        Response doc = api.get("/v3/api-docs", null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("paths").propertyNames()).contains("/api/users", "/api/users/me",
                "/api/businesses", "/api/businesses/{id}", "/api/businesses/{id}/content/{contentType}",
                "/api/templates/{key}");
    }

    private Response patch(String path, String token, String json) {
        return api.send("PATCH", path, token, "application/json", json);
    }

    private Response send(String method, String path, String token, String json, Map<String, String> headers) {
        return api.send(method, path, token, json == null ? null : "application/json", json, headers);
    }

    /** {@code count} calls of {@code call} released at once, each with its index; their answers in index order. */
    private static List<Response> concurrently(int count, IntFunction<Response> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (var future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("type").asString()).endsWith(code);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("at com.").doesNotContain("SQL");
    }
}
