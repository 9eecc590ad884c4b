package com.corpastro.backend.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.corpastro.performance.analytics.AnalyticsStore;

import tools.jackson.databind.JsonNode;

/**
 * Every admin and actuator route, spelled every way a router might still resolve to it, answers
 * 400, 401, 403 or 404 without the admin token, never 200; the canonical spelling works with it.
 * The routes come from the running service: its request mappings under /api/admin and the links
 * of the actuator's discovery page.
 */
class AdminPathVariantsTest extends SecurityTestService {

    /** One admin route: the path, and what a successful call needs besides the token. */
    record Route(String method, String path, String query, String contentType, String body) {

        String target(String path) {
            return query == null ? path : path + "?" + query;
        }
    }

    private static final String REPORT_DATE = "2026-01-05";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    AnalyticsStore analyticsStore;

    @Test
    void everySpellingOfEveryAdminRouteIsRefusedWithoutTheAdminToken() throws IOException {
        List<Route> routes = adminRoutes();
        List<String> violations = new ArrayList<>();
        int sent = 0;
        for (Route route : routes) {
            for (String variant : variants(route.path())) {
                for (String token : new String[] {null, userToken, "not-a-token-of-anybody"}) {
                    RawClient.Reply reply = send(route.method(), route.target(variant), token, route.contentType(),
                            route.body());
                    sent++;
                    if (!Set.of(400, 401, 403, 404).contains(reply.status())) {
                        violations.add(route.method() + " " + route.target(variant) + " token=" + (token != null)
                                + " -> " + reply.status() + " " + abbreviate(reply.body()));
                    }
                }
            }
        }
        assertThat(violations).as("of " + sent + " requests").isEmpty();
        assertThat(sent).isGreaterThan(1_000);
    }

    @Test
    void withoutAnyTokenTheAnswerIs401AndWithAUsersTokenItIs403() throws IOException {
        for (Route route : adminRoutes()) {
            RawClient.Reply anonymous = send(route.method(), route.target(route.path()), null, route.contentType(),
                    route.body());
            RawClient.Reply user = send(route.method(), route.target(route.path()), userToken, route.contentType(),
                    route.body());
            assertThat(anonymous.status()).as(route.path()).isEqualTo(401);
            assertThat(code(anonymous)).as(route.path()).isEqualTo("unauthorized");
            assertThat(anonymous.header("WWW-Authenticate")).as(route.path()).isEqualTo("Bearer");
            assertThat(user.status()).as(route.path()).isEqualTo(403);
            assertThat(code(user)).as(route.path()).isEqualTo("admin_required");
        }
    }

    @Test
    void theCanonicalSpellingsWorkWithTheAdminToken() throws IOException {
        for (Route route : adminRoutes()) {
            if (route.path().equals("/api/admin/events")) {
                // An event stream that never ends: RealtimeApiTest reads it with the admin token.
                continue;
            }
            RawClient.Reply reply = send(route.method(), route.target(route.path()), ADMIN_TOKEN, route.contentType(),
                    route.body());
            assertThat(reply.status()).as(route.method() + " " + route.path() + " " + abbreviate(reply.body()))
                    .isEqualTo(200);
        }
    }

    @Test
    void healthAndInfoStayOpen() throws IOException {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
                "/actuator/info")) {
            assertThat(get(path, null).status()).as(path).isEqualTo(200);
        }
        assertThat(get("/actuator/health/../prometheus", null).status()).isEqualTo(400);
        assertThat(get("/actuator/health/%2e%2e/prometheus", null).status()).isEqualTo(400);
    }

    @Test
    void aHealthPathThroughAnUnknownComponentIsNotFoundNotAServerError() throws IOException {
        // Spring Boot's health endpoint asserts (IllegalStateException) when a missing component has a
        // path below it, where a missing one alone is a 404.
        for (String token : new String[] {null, ADMIN_TOKEN}) {
            for (String path : List.of("/actuator/health/nope/x", "/actuator/health/x/y/z",
                    "/actuator/health/readiness/nope/x")) {
                RawClient.Reply reply = get(path, token);
                assertThat(reply.status()).as(path).isEqualTo(404);
                assertThat(reply.body()).as(path).contains("\"code\":\"not_found\"");
            }
        }
    }

    /** The service's admin routes: its request mappings under /api/admin and every actuator link but health and info. */
    private List<Route> adminRoutes() throws IOException {
        Set<String> api = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/admin")) {
                    Set<String> methods = new TreeSet<>();
                    info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
                    api.add((methods.isEmpty() ? "GET" : methods.iterator().next()) + " " + pattern);
                }
            }
        });
        RawClient.Reply discovery = get("/actuator", ADMIN_TOKEN);
        assertThat(discovery.status()).isEqualTo(200);
        Set<String> actuator = new LinkedHashSet<>();
        for (JsonNode link : JSON.readTree(discovery.body()).get("_links")) {
            String path = link.get("href").asString().replaceFirst("^https?://[^/]+", "")
                    .replace("{requiredMetricName}", "jvm.memory.used");
            if (!path.startsWith("/actuator/health") && !path.equals("/actuator/info")) {
                actuator.add(path);
            }
        }
        assertThat(api).contains("GET /api/admin/metrics", "GET /api/admin/metrics/aggregate",
                "GET /api/admin/performance/summary", "GET /api/admin/db/queries", "GET /api/admin/db/pool",
                "POST /api/admin/businesses/import", "GET /api/admin/reports/performance",
                "GET /api/admin/reports/performance.csv", "GET /api/admin/reports/daily/{date}", "GET /api/admin/slo",
                "GET /api/admin/alerts");
        assertThat(actuator).contains("/actuator", "/actuator/prometheus", "/actuator/metrics",
                "/actuator/metrics/jvm.memory.used").allSatisfy(path -> assertThat(path).doesNotContain("{"));
        List<Route> routes = new ArrayList<>();
        // A stored daily report, so that its route answers 200.
        analyticsStore.saveDailyReport(java.time.LocalDate.parse(REPORT_DATE), "{\"date\":\"" + REPORT_DATE + "\"}");
        for (String route : api) {
            String method = route.substring(0, route.indexOf(' '));
            // A template change is made to a seeded template, with its own body (other tests share the context).
            String path = route.substring(route.indexOf(' ') + 1).replace("{key}", "daily_horoscope_template")
                    .replace("{date}", REPORT_DATE);
            boolean post = method.equals("POST");
            String query = path.startsWith("/api/admin/metrics") ? "type=response_time" : null;
            String row = "[{\"externalId\":\"edge-" + java.util.UUID.randomUUID() + "\",\"ownerId\":" + userId
                    + ",\"name\":\"Imported\",\"foundedAt\":\"2001-01-01T00:00:00Z\",\"latitude\":1,\"longitude\":1}]";
            if (method.equals("PUT") && path.startsWith("/api/admin/templates/")) {
                JsonNode template = JSON.readTree(get(path.replace("/admin", ""), null).body());
                routes.add(new Route(method, path, null, "application/json",
                        JSON.writeValueAsString(java.util.Map.of("body", template.get("body").asString()))));
                continue;
            }
            routes.add(new Route(method, path, query, post ? "application/json" : null, post ? row : null));
        }
        for (String path : actuator) {
            routes.add(new Route("GET", path, null, null, null));
        }
        return routes;
    }

    /**
     * {@code path} spelled every way the issue lists: percent-encoded letters (upper- and
     * lower-case escapes), {@code ;x} in each segment, a trailing {@code ;}, {@code //},
     * {@code /./}, {@code /x/../}, {@code %2e} segments, an encoded slash, a trailing {@code /},
     * {@code /.} or {@code ?}.
     */
    static List<String> variants(String path) {
        String[] segments = path.substring(1).split("/");
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String[] encodedUpper = segments.clone();
            String[] encodedLower = segments.clone();
            String[] parameter = segments.clone();
            char first = segments[i].charAt(0);
            encodedUpper[i] = String.format("%%%02X", (int) first) + segments[i].substring(1);
            encodedLower[i] = String.format("%%%02x", (int) first).toLowerCase(Locale.ROOT) + segments[i].substring(1);
            parameter[i] = segments[i] + ";x";
            variants.add("/" + String.join("/", encodedUpper));
            variants.add("/" + String.join("/", encodedLower));
            variants.add("/" + String.join("/", parameter));
            String before = "/" + String.join("/", java.util.Arrays.copyOfRange(segments, 0, i));
            String after = String.join("/", java.util.Arrays.copyOfRange(segments, i, segments.length));
            String prefix = i == 0 ? "" : before;
            variants.add(prefix + "//" + after);
            variants.add(prefix + "/./" + after);
            variants.add(prefix + "/x/../" + after);
            variants.add(prefix + "/%2e/" + after);
            variants.add(prefix + "/%2E/" + after);
            variants.add(prefix + "/x/%2e%2e/" + after);
            if (i > 0) {
                variants.add(before + "%2F" + after);
                variants.add(before + "%2f" + after);
            }
        }
        String encodedAll = path.chars().mapToObj(c -> c == '/' ? "/" : String.format("%%%02X", c))
                .reduce("", String::concat);
        variants.addAll(List.of(path, path + ";", path + ";x=1", path + "/", path + "/.", path + "/;", path + "?",
                path + "%3b", path + "%00", path + "\\", encodedAll, encodedAll.toLowerCase(Locale.ROOT)));
        return variants;
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "..." : body;
    }
}
