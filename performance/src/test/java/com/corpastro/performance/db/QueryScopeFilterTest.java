package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class QueryScopeFilterTest {

    @Test
    void requestThatRepeatsAQueryIsReportedUnderItsRouteTemplate() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:scope_filter;DB_CLOSE_DELAY=-1");
        try (QueryAnalyzer analyzer = QueryAnalyzer.builder().nPlusOneThreshold(3).slowQueryThreshold(Duration.ofMinutes(1)).build()) {
            JdbcTemplate jdbc = new JdbcTemplate(analyzer.wrap(h2));
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/businesses/42/charts");
            HttpServlet handler = new HttpServlet() {
                @Override
                protected void service(HttpServletRequest req, HttpServletResponse resp) {
                    for (int i = 0; i < 4; i++) {
                        jdbc.queryForObject("select " + i, Integer.class);
                    }
                    req.setAttribute(QueryScopeFilter.ROUTE_TEMPLATE_ATTRIBUTE, "/api/businesses/{id}/charts");
                }
            };

            new QueryScopeFilter(analyzer).doFilter(request, new MockHttpServletResponse(), new MockFilterChain(handler));

            assertThat(analyzer.statistics(5).recentNPlusOne()).singleElement().satisfies(incident -> {
                assertThat(incident.route()).isEqualTo("GET /api/businesses/{id}/charts");
                assertThat(incident.fingerprint()).isEqualTo("select ?");
                assertThat(incident.executions()).isEqualTo(4);
            });
            assertThat(analyzer.currentScope()).isNull();
        }
    }
}
