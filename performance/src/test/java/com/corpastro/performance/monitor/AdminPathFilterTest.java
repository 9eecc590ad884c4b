package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.admin.TokenAdminAccess;
import com.corpastro.performance.error.ProblemDetailsHandler;

/** Admin paths hold for every spelling of a path a router could act on, before the body is read. */
class AdminPathFilterTest {

    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789";

    private final AdminPathFilter filter = new AdminPathFilter(List.of("/api/admin/**", "/actuator/**"),
            List.of("/actuator/health/**", "/actuator/info"), new TokenAdminAccess(ADMIN_TOKEN),
            new ProblemDetailsHandler("urn:test:"));

    @Test
    void everySpellingOfAnAdminPathIsAnAdminPath() {
        for (String path : List.of("/actuator/prometheus", "/actuator/%70rometheus", "/actuator/%70ROMETHEUS",
                "/%61ctuator/prometheus", "/actuator;x/prometheus", "/actuator/prometheus;x", "/actuator/prometheus;",
                "/actuator/metrics;x", "/actuator//prometheus", "//actuator/prometheus", "/actuator/./prometheus",
                "/x/../actuator/prometheus", "/actuator/%2e/prometheus", "/x/%2e%2e/actuator/prometheus",
                "/actuator/prometheus/", "/actuator/prometheus/.", "/actuator%2fprometheus", "/actuator",
                "/actuator/", "/actuator/health/../prometheus", "/actuator/health/%2e%2e/prometheus",
                "/actuator/health/..;/prometheus", "/actuator/health%2f..%2fprometheus", "/api/admin/metrics",
                "/api/%61dmin/metrics", "/api/admin;a=b/db/pool", "/api/admin/businesses/import/",
                "/api/admin/db/queries/", "/api/admin", "/api//admin/db/pool", "/api/x/../admin/db/pool",
                "/public/../api/admin/db/pool", "/api/admin/files/../../../actuator/health", "/api/admin/db/pool")) {
            assertThat(filter.requiresAdmin(path)).as(path).isTrue();
        }
    }

    @Test
    void openAndOrdinaryPathsAreNot() {
        for (String path : List.of("/actuator/health", "/actuator/health/", "/actuator/health/liveness",
                "/actuator/%68ealth/readiness", "/actuator/info", "/api/users/me", "/api/administrators",
                "/api/templates/admin", "/", "/dashboard", "/actuatorx", "/api/adminx")) {
            assertThat(filter.requiresAdmin(path)).as(path).isFalse();
        }
    }

    @Test
    void anOrdinaryCanonicalPathIsCheckedWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
                .getThreadMXBean();
        String path = "/api/businesses/123456/content/daily_horoscope";
        long thread = Thread.currentThread().getId();
        int admin = 0;
        for (int i = 0; i < 20_000; i++) {
            admin += filter.requiresAdmin(path) ? 1 : 0;
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            admin += filter.requiresAdmin(path) ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(admin).isZero();
        assertThat(allocated).as("100,000 checks").isLessThan(64 * 1024);
    }

    @Test
    void withoutABearerTokenTheAnswerIs401WithAChallenge() throws Exception {
        MockHttpServletResponse response = run(request("/actuator/%70rometheus", null));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getContentAsString()).contains("\"code\":\"unauthorized\"");
    }

    @Test
    void aTokenThatIsNotAnAdminsIs403AdminRequired() throws Exception {
        MockHttpServletResponse response = run(request("/actuator;x/prometheus", "a-user-token"));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).contains("\"code\":\"admin_required\"")
                .contains("This endpoint is for administrators.");
        assertThat(response.getHeader("Cache-Control")).as("no cache keeps a refusal").isEqualTo("no-store");
    }

    @Test
    void theAnswerComesWithoutReadingTheBody() throws Exception {
        MockHttpServletRequest request = request("/api/admin/businesses/import", "a-user-token");
        request.setMethod("POST");
        request.setContent(new byte[] {'['});
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNull();
        assertThat(request.getInputStream().read()).isEqualTo('[');
    }

    @Test
    void theAdminTokenPasses() throws Exception {
        MockHttpServletRequest request = request("/actuator/%70rometheus", ADMIN_TOKEN);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
    }

    @Test
    void aPatternThatIsNoPathFailsWithTheValue() {
        assertThatThrownBy(() -> new AdminPathFilter(List.of("actuator/**"), request -> false,
                new ProblemDetailsHandler("urn:test:"))).hasMessageContaining("'actuator/**'");
    }

    private MockHttpServletResponse run(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        assertThat(chain.getRequest()).isNull();
        return response;
    }

    private static MockHttpServletRequest request(String path, String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        return request;
    }
}
