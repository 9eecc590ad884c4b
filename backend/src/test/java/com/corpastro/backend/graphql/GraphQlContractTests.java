package com.corpastro.backend.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.Response;
import com.corpastro.backend.support.Api.SignedUp;
import com.corpastro.performance.db.NPlusOneIncident;
import com.corpastro.performance.db.QueryAnalyzer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The GraphQL endpoint as a client sees it, over real HTTP: the schema over the REST services and
 * their ownership rules, REST error codes, the statements a list of businesses costs, cost limits
 * and persisted queries over GET with ETags and the response cache. Run on H2 and PostgreSQL by
 * the subclasses.
 */
abstract class GraphQlContractTests {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String LIST_WITH_CONTENT = """
            query Dashboard { me { id businesses { items { id name owner { name } content(type: daily_horoscope, date: "2026-03-04") { body fromCache } } } } }""";

    @LocalServerPort
    int port;

    @Autowired
    QueryAnalyzer queries;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    // ------------------------------------------------------------------ schema and ownership

    @Test
    void meAnswersTheCallerAndPagesItsBusinessesByCursor() {
        SignedUp user = api.signUp("Pager");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(api.createBusiness(user.token(), "Shop " + i, "2011-06-01T08:00:00Z"));
        }

        JsonNode first = data(graphql(user.token(), "{ me { id email name businesses(first: 2) { items { id name } next } } }"));
        assertThat(first.get("me").get("id").asString()).isEqualTo(Long.toString(user.id()));
        assertThat(first.get("me").get("email").asString()).isEqualTo(user.email());
        List<Long> seen = new ArrayList<>(ids(first.get("me").get("businesses")));
        String next = first.get("me").get("businesses").get("next").asString();
        while (next != null) {
            JsonNode page = data(graphql(user.token(), "query($after: String) { me { businesses(first: 2, after: $after)"
                    + " { items { id } next } } }", Map.of("after", next))).get("me").get("businesses");
            seen.addAll(ids(page));
            next = page.get("next").isNull() ? null : page.get("next").asString();
        }

        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void anotherUsersBusinessIsNullAndTheAdminSeesIt() {
        SignedUp owner = api.signUp("Owner");
        SignedUp stranger = api.signUp("Stranger");
        long id = api.createBusiness(owner.token(), "Nova Bakery", "2011-06-01T08:00:00Z");
        String query = "{ business(id: \"" + id + "\") { name foundedAt latitude owner { email } natalChart { planet sign } } }";

        JsonNode mine = data(graphql(owner.token(), query)).get("business");
        Response theirs = graphql(stranger.token(), query);
        JsonNode admins = data(graphql(ADMIN_TOKEN, query)).get("business");

        assertThat(mine.get("name").asString()).isEqualTo("Nova Bakery");
        assertThat(mine.get("foundedAt").asString()).isEqualTo("2011-06-01T08:00:00Z");
        assertThat(mine.get("natalChart")).hasSize(7);
        assertThat(theirs.json().get("data").get("business").isNull()).isTrue();
        assertThat(theirs.json().has("errors")).isFalse();
        assertThat(admins.get("owner").get("email").asString()).isEqualTo(owner.email());
    }

    @Test
    void mutationsCreateAndUpdateWithTheRestCodesForBadInput() {
        SignedUp owner = api.signUp("Writer");
        SignedUp stranger = api.signUp("Other");
        JsonNode created = data(graphql(owner.token(), """
                mutation { createBusiness(input: {name: "Orbit Cafe", foundedAt: "2001-02-03T04:05:06Z", latitude: 48.85, longitude: 2.35}) { id name } }""")).get("createBusiness");
        String id = created.get("id").asString();

        JsonNode renamed = data(graphql(owner.token(), "mutation { updateBusiness(id: \"" + id
                + "\", input: {name: \"Orbit Bistro\"}) { name } }")).get("updateBusiness");
        Response invalid = graphql(owner.token(), """
                mutation { createBusiness(input: {name: " ", foundedAt: "2001-02-03T04:05:06Z", latitude: 95, longitude: 2.35}) { id } }""");
        Response notYours = graphql(stranger.token(), "mutation { updateBusiness(id: \"" + id
                + "\", input: {name: \"Mine now\"}) { name } }");
        Response empty = graphql(owner.token(), "mutation { updateBusiness(id: \"" + id + "\", input: {}) { name } }");
        Response badDate = graphql(owner.token(), "mutation { updateBusiness(id: \"" + id
                + "\", input: {foundedAt: \"yesterday\"}) { name } }");

        assertThat(renamed.get("name").asString()).isEqualTo("Orbit Bistro");
        assertThat(codes(invalid)).containsExactly("validation_failed");
        assertThat(invalid.json().get("errors").get(0).get("message").asString()).contains("latitude", "name");
        assertThat(codes(notYours)).containsExactly("business_not_found");
        assertThat(codes(empty)).containsExactly("empty_update");
        assertThat(codes(badDate)).containsExactly("validation_failed");
        assertThat(api.get("/api/businesses/" + id, owner.token()).json().get("name").asString()).isEqualTo("Orbit Bistro");
    }

    @Test
    void contentIsGeneratedOnceThenServedFromTheCacheWithTheRestCodesForBadDates() {
        SignedUp owner = api.signUp("Reader");
        long id = api.createBusiness(owner.token(), "Star Books", "1999-12-31T23:00:00Z");
        String query = "{ business(id: \"" + id + "\") { content(type: weekly_forecast, date: \"2026-11-26\") { contentType period body fromCache source } } }";

        JsonNode first = data(graphql(owner.token(), query)).get("business").get("content");
        JsonNode second = data(graphql(owner.token(), query)).get("business").get("content");
        JsonNode rest = api.get("/api/businesses/" + id + "/content/weekly_forecast?date=2026-11-26", owner.token()).json();
        Response badDate = graphql(owner.token(), "{ business(id: \"" + id + "\") { content(type: daily_horoscope, date: \"tomorrow\") { body } } }");
        Response outOfRange = graphql(owner.token(), "{ business(id: \"" + id + "\") { content(type: daily_horoscope, date: \"1800-01-01\") { body } } }");

        assertThat(first.get("fromCache").asBoolean()).isFalse();
        assertThat(second.get("fromCache").asBoolean()).isTrue();
        assertThat(second.get("body").asString()).isEqualTo(first.get("body").asString()).isEqualTo(rest.get("body").asString());
        assertThat(first.get("period").asString()).isEqualTo("2026-11-23");
        assertThat(first.get("contentType").asString()).isEqualTo("weekly_forecast");
        assertThat(codes(badDate)).containsExactly("invalid_date");
        assertThat(codes(outOfRange)).containsExactly("date_out_of_range");
    }

    @Test
    void tokensAreCheckedAsOnRestAndTemplatesNeedNone() {
        Response unknown = api.post("/graphql", "A".repeat(42) + "A", body("{ me { id } }", Map.of()));
        Response anonymousMe = graphql(null, "{ me { id } }");
        JsonNode template = data(graphql(null, "{ template(key: \"daily_horoscope_template\") { key version body } }"));
        Response missing = graphql(null, "{ template(key: \"nope\") { key } }");
        Response syntax = graphql(null, "{ me { id ");
        Response unknownField = graphql(null, "{ me { shoeSize } }");

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.json().get("code").asString()).isEqualTo("invalid_token");
        assertThat(codes(anonymousMe)).containsExactly("unauthorized");
        assertThat(template.get("template").get("key").asString()).isEqualTo("daily_horoscope_template");
        assertThat(missing.json().get("data").get("template").isNull()).isTrue();
        assertThat(codes(syntax)).containsExactly("malformed_request_body");
        assertThat(codes(unknownField)).containsExactly("validation_failed");
    }

    // ------------------------------------------------------------------ batching

    @Test
    void twentyBusinessesWithOwnerAndContentCostAtMostSixStatementsColdAndThreeWarmWithoutNPlusOne() {
        SignedUp owner = api.signUp("Twenty");
        for (int i = 0; i < 20; i++) {
            api.createBusiness(owner.token(), "Branch " + i, "2010-0" + (1 + i % 9) + "-15T12:00:00Z");
        }
        List<NPlusOneIncident> incidentsBefore = queries.statistics(0).recentNPlusOne();

        Map<String, Long> before = statementCounts();
        JsonNode cold = data(graphql(owner.token(), LIST_WITH_CONTENT));
        Map<String, Long> afterCold = statementCounts();
        JsonNode warm = data(graphql(owner.token(), LIST_WITH_CONTENT));
        Map<String, Long> afterWarm = statementCounts();
        long coldStatements = statements(before, afterCold);
        long warmStatements = statements(afterCold, afterWarm);
        System.out.println("event=graphql_statements businesses=20 generated=20 cold=" + coldStatements
                + " warm=" + warmStatements + " database=" + getClass().getSimpleName() + " cold_shapes=\""
                + shapes(before, afterCold) + "\" warm_shapes=\"" + shapes(afterCold, afterWarm) + "\"");

        JsonNode items = cold.get("me").get("businesses").get("items");
        assertThat(items).hasSize(20);
        assertThat(items).allSatisfy(item -> {
            assertThat(item.get("owner").get("name").asString()).isEqualTo("Twenty");
            assertThat(item.get("content").get("fromCache").asBoolean()).isFalse();
        });
        assertThat(warm.get("me").get("businesses").get("items"))
                .allSatisfy(item -> assertThat(item.get("content").get("fromCache").asBoolean()).isTrue());
        // At most one statement per newly generated content plus 6 cold (here 20 + 6), and 3 warm.
        assertThat(coldStatements).isLessThanOrEqualTo(20 + 6);
        assertThat(warmStatements).isLessThanOrEqualTo(3);
        assertThat(queries.statistics(0).recentNPlusOne()).isEqualTo(incidentsBefore);
    }

    // ------------------------------------------------------------------ cost limits

    @Test
    void tooDeepAndTooComplexOperationsAreRefusedBeforeAnyFieldRuns() {
        SignedUp owner = api.signUp("Deep");
        api.createBusiness(owner.token(), "Deep Shop", "2011-06-01T08:00:00Z");
        // me > businesses > items > owner > businesses > items > owner > ... : 11 levels
        String deep = "{ me { businesses { items { owner { businesses { items { owner { businesses { items { owner { name } } } } } } } } } } }";
        String complex = "{ me { businesses(first: 100) { items { a: content(type: daily_horoscope) { body } "
                + "b: content(type: weekly_forecast) { body } c: content(type: monthly_outlook) { body } } } } }";
        long before = queries.statistics(0).statements();

        Response tooDeep = graphql(owner.token(), deep);
        Response tooComplex = graphql(owner.token(), complex);

        assertThat(codes(tooDeep)).containsExactly("query_too_deep");
        assertThat(codes(tooComplex)).containsExactly("query_too_complex");
        assertThat(tooDeep.json().has("data")).isFalse();
        assertThat(tooComplex.json().get("errors").get(0).get("message").asString()).contains("costs 3");
        assertThat(queries.statistics(0).statements() - before).isZero();
    }

    @Test
    void introspectionIsForAdminsOnly() {
        SignedUp user = api.signUp("Curious");
        String introspection = "{ __schema { queryType { name } } }";

        Response asUser = graphql(user.token(), introspection);
        Response anonymous = graphql(null, "{ __type(name: \"Business\") { name } }");
        Response asAdmin = graphql(ADMIN_TOKEN, introspection);
        Response typename = graphql(user.token(), "{ me { __typename id } }");

        assertThat(codes(asUser)).containsExactly("admin_required");
        assertThat(codes(anonymous)).containsExactly("admin_required");
        assertThat(data(asAdmin).get("__schema").get("queryType").get("name").asString()).isEqualTo("Query");
        assertThat(data(typename).get("me").get("__typename").asString()).isEqualTo("User");
    }

    // ------------------------------------------------------------------ persisted queries over GET

    @Test
    void aPersistedQueryRunsOverGetWithAnEtagA304AndTheResponseCache() {
        SignedUp owner = api.signUp("Persisted");
        long id = api.createBusiness(owner.token(), "Cached Corner", "2011-06-01T08:00:00Z");
        String query = "query Names { me { businesses { items { id name content(type: daily_horoscope, date: \"2026-01-02\") { body } } } } }";
        String hash = PersistedQueries.sha256(query);
        String get = getPath(hash, null, "Names");

        Response unknown = api.get(get, owner.token());
        Response registered = api.post("/graphql", owner.token(), body(query, Map.of(), hash));
        Response first = api.get(get, owner.token());
        Response second = api.get(get, owner.token());
        Response third = api.get(get, owner.token());
        String etag = third.headers().firstValue("ETag").orElseThrow();
        Response notModified = api.send("GET", get, owner.token(), null, null, Map.of("If-None-Match", etag));
        Response stranger = api.get(get, api.signUp("Stranger").token());

        assertThat(unknown.json().get("errors").get(0).get("message").asString()).isEqualTo("PersistedQueryNotFound");
        assertThat(codes(unknown)).containsExactly("persisted_query_not_found");
        assertThat(registered.status()).isEqualTo(200);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(data(first).get("me").get("businesses").get("items").get(0).get("name").asString())
                .isEqualTo("Cached Corner");
        assertThat(second.headers().firstValue("Cache-Control").orElse("")).isEqualTo("private, max-age=60");
        assertThat(third.body()).isEqualTo(second.body());
        assertThat(third.headers().firstValue("Server-Timing").orElse("")).contains("response-cache;desc=\"hit\"");
        assertThat(etag).startsWith("W/\"");
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(data(stranger).get("me").get("businesses").get("items")).isEmpty();

        // A change of the business purges the cached response: the next GET shows the new name.
        api.send("PATCH", "/api/businesses/" + id, owner.token(), "application/json", "{\"name\":\"Renamed Corner\"}");
        Response afterChange = api.get(get, owner.token());
        assertThat(afterChange.headers().firstValue("Server-Timing").orElse("")).doesNotContain("desc=\"hit\"");
        assertThat(data(afterChange).get("me").get("businesses").get("items").get(0).get("name").asString())
                .isEqualTo("Renamed Corner");
    }

    @Test
    void aPublicPersistedQueryIsSharedAndAMutationOverGetIs405() {
        String templates = "{ template(key: \"weekly_forecast_template\") { key version } }";
        String templateHash = PersistedQueries.sha256(templates);
        String mutation = "mutation { createBusiness(input: {name: \"Sneaky\", foundedAt: \"2001-02-03T04:05:06Z\", latitude: 1, longitude: 1}) { id } }";
        String mutationHash = PersistedQueries.sha256(mutation);
        SignedUp owner = api.signUp("Getter");
        SignedUp registrar = api.signUp("Registrar");
        Response anonymousRegistration = api.post("/graphql", null, body(templates, Map.of(), templateHash));
        Response notRegistered = api.get(getPath(templateHash, null, null), null);
        api.post("/graphql", registrar.token(), body(templates, Map.of(), templateHash));
        // A mutation's text is stored by POST like any other query's (it ran, for the registrar).
        Response registered = api.post("/graphql", registrar.token(), body(mutation, Map.of(), mutationHash));

        Response publicAnswer = api.get(getPath(templateHash, null, null), null);
        Response refused = api.get(getPath(mutationHash, null, null), owner.token());
        Response noHash = api.get("/graphql?query=%7Bme%7Bid%7D%7D", owner.token());
        Response mismatch = api.post("/graphql", null, body(templates, Map.of(), "0".repeat(64)));

        assertThat(data(anonymousRegistration).get("template").get("key").asString()).isEqualTo("weekly_forecast_template");
        assertThat(codes(notRegistered)).as("anonymous clients run queries but store none").containsExactly(
                "persisted_query_not_found");
        assertThat(data(registered).get("createBusiness").get("id").asString()).isNotBlank();
        assertThat(publicAnswer.headers().firstValue("Cache-Control").orElse("")).isEqualTo("public, max-age=300");
        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("code").asString()).isEqualTo("method_not_allowed");
        assertThat(data(graphql(owner.token(), "{ me { businesses { items { id } } } }")).get("me").get("businesses")
                .get("items")).as("the mutation did not run").isEmpty();
        assertThat(noHash.status()).isEqualTo(400);
        assertThat(noHash.json().get("code").asString()).isEqualTo("persisted_query_required");
        assertThat(codes(mismatch)).containsExactly("persisted_query_hash_mismatch");
    }

    // ------------------------------------------------------------------ observability

    @Test
    void everyOperationIsTimedByNameInTheAdminSummary() {
        SignedUp user = api.signUp("Timed");
        for (int i = 0; i < 3; i++) {
            data(graphql(user.token(), "query TimedProfile { me { id name } }"));
        }
        graphql(user.token(), "query TimedFailure { business(id: \"x\") { id } }");

        JsonNode operations = api.get("/api/admin/performance/summary", ADMIN_TOKEN).json().get("graphql")
                .get("operations");

        JsonNode profile = operation(operations, "TimedProfile");
        assertThat(profile.get("type").asString()).isEqualTo("query");
        assertThat(profile.get("count").asLong()).isEqualTo(3);
        assertThat(profile.get("errors").asLong()).isZero();
        assertThat(profile.get("p95Ms").asDouble()).isPositive().isGreaterThanOrEqualTo(profile.get("p50Ms").asDouble());
        assertThat(operation(operations, "TimedFailure").get("errors").asLong()).isEqualTo(1);
    }

    private static JsonNode operation(JsonNode operations, String name) {
        for (JsonNode operation : operations) {
            if (operation.get("name").asString().equals(name)) {
                return operation;
            }
        }
        throw new AssertionError("no operation " + name + " in " + operations);
    }

    // ------------------------------------------------------------------ helpers

    Response graphql(String token, String query) {
        return graphql(token, query, Map.of());
    }

    Response graphql(String token, String query, Map<String, Object> variables) {
        return api.post("/graphql", token, body(query, variables));
    }

    static String body(String query, Map<String, Object> variables) {
        return JSON.writeValueAsString(Map.of("query", query, "variables", variables));
    }

    static String body(String query, Map<String, Object> variables, String hash) {
        return JSON.writeValueAsString(Map.of("query", query, "variables", variables, "extensions",
                Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash))));
    }

    static String getPath(String hash, Map<String, Object> variables, String operationName) {
        StringBuilder path = new StringBuilder("/graphql?extensions=").append(encode(JSON.writeValueAsString(
                Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash)))));
        if (variables != null) {
            path.append("&variables=").append(encode(JSON.writeValueAsString(variables)));
        }
        if (operationName != null) {
            path.append("&operationName=").append(encode(operationName));
        }
        return path.toString();
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static JsonNode data(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().has("errors")).as(response.body()).isFalse();
        return response.json().get("data");
    }

    static List<String> codes(Response response) {
        List<String> codes = new ArrayList<>();
        JsonNode errors = response.json().get("errors");
        if (errors != null) {
            errors.forEach(error -> codes.add(error.get("extensions").get("code").asString()));
        }
        return codes;
    }

    /** Executions by statement fingerprint so far. */
    private Map<String, Long> statementCounts() {
        Map<String, Long> counts = new java.util.HashMap<>();
        queries.statistics(Integer.MAX_VALUE).top().forEach(stats -> counts.put(stats.fingerprint(), stats.count()));
        return counts;
    }

    /**
     * The statements run between two counts, leaving out H2's per-checkout "SET QUERY_TIMEOUT"
     * (the statement timeout, which PostgreSQL keeps server-side): a connection setting, no query.
     */
    private static long statements(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().filter(e -> !e.getKey().startsWith("set "))
                .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    private static String shapes(Map<String, Long> before, Map<String, Long> after) {
        return after.entrySet().stream().filter(e -> e.getValue() > before.getOrDefault(e.getKey(), 0L))
                .map(e -> (e.getValue() - before.getOrDefault(e.getKey(), 0L)) + "x "
                        + e.getKey().substring(0, Math.min(40, e.getKey().length())))
                .sorted().collect(java.util.stream.Collectors.joining("; "));
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(Long.parseLong(item.get("id").asString())));
        return ids;
    }
}
