package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import com.corpastro.performance.error.ProblemDetailsHandler;

/** The path firewall: every ambiguous spelling of a path is refused, canonical paths pass untouched. */
class PathFirewallFilterTest {

    private final PathFirewallFilter filter = new PathFirewallFilter(new ProblemDetailsHandler("urn:test:"));

    @Test
    void canonicalPathsPass() {
        for (String path : List.of("/", "/api/businesses/7/content/daily_horoscope", "/actuator/%70rometheus",
                "/api/templates/%C3%A9t%C3%A9", "/a/.b/c..d/...", "/api/users/me.json", "/v3/api-docs",
                "/api/templates/a-b_c~d", "/x%20y", "/api/businesses/1/")) {
            assertThat(PathFirewallFilter.rejection(path)).as(path).isNull();
        }
    }

    @Test
    void ambiguousPathsAreRefusedWithTheReason() {
        assertThat(PathFirewallFilter.rejection("/actuator;x/prometheus")).contains("';'");
        assertThat(PathFirewallFilter.rejection("/actuator/prometheus;x")).contains("';'");
        assertThat(PathFirewallFilter.rejection("/actuator/prometheus;")).contains("';'");
        assertThat(PathFirewallFilter.rejection("/actuator//prometheus")).contains("'//'");
        assertThat(PathFirewallFilter.rejection("//actuator/prometheus")).contains("'//'");
        assertThat(PathFirewallFilter.rejection("/actuator/./prometheus")).contains("'.' or '..'");
        assertThat(PathFirewallFilter.rejection("/x/../actuator/prometheus")).contains("'.' or '..'");
        assertThat(PathFirewallFilter.rejection("/actuator/prometheus/.")).contains("'.' or '..'");
        assertThat(PathFirewallFilter.rejection("/actuator/prometheus/..")).contains("'.' or '..'");
        assertThat(PathFirewallFilter.rejection("/actuator\\prometheus")).contains("backslash");
        for (String encoded : List.of("%2e", "%2E", "%2f", "%2F", "%5c", "%5C", "%25", "%3b", "%3B", "%00", "%0a",
                "%0D", "%7f")) {
            assertThat(PathFirewallFilter.rejection("/actuator/" + encoded + "prometheus")).as(encoded)
                    .contains("encoded");
        }
        for (String broken : List.of("/a%", "/a%2", "/a%zz", "/a%g0", "/a%\u0661\u0661")) {
            assertThat(PathFirewallFilter.rejection(broken)).as(broken).contains("two hex digits");
        }
        for (String bad : List.of("/a\u0000b", "/a\tb", "/a\u007fb", "/caf\u00e9", "/\u2028")) {
            assertThat(PathFirewallFilter.rejection(bad)).as(bad).contains("control or non-ASCII");
        }
    }

    @Test
    void aRefusedPathIsAProblemAndNeverReachesTheChain() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus;x");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"invalid_path\"").contains("';' path parameter");
        assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aCanonicalPathReachesTheChainUntouched() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
    }

    @Test
    void checkingACanonicalPathAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String path = "/api/businesses/123456/content/daily_horoscope";
        long thread = Thread.currentThread().getId();
        int refused = 0;
        for (int i = 0; i < 20_000; i++) {
            refused += PathFirewallFilter.rejection(path) == null ? 0 : 1;
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100_000; i++) {
            refused += PathFirewallFilter.rejection(path) == null ? 0 : 1;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(refused).isZero();
        // 100,000 checks; a single allocation per check would be at least 1.6 MB.
        assertThat(allocated).isLessThan(64 * 1024);
    }
}
