package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class HttpSecurityHeadersTest {

    private final SecurityHeadersFilter filter = new SecurityHeadersFilter(
            ClientAddressResolver.of(List.of("10.0.0.0/8")), "no-referrer", "default-src 'self'", "max-age=600");

    @Test
    void httpsThroughATrustedProxyGetsHsts() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setRemoteAddr("10.0.0.5");
        request.addHeader("X-Forwarded-Proto", "https");

        MockHttpServletResponse response = run(request, "application/json");

        assertThat(response.getHeader("Strict-Transport-Security")).isEqualTo("max-age=600");
        assertThat(response.getHeader("Content-Security-Policy")).isNull();
    }

    @Test
    void directHttpsGetsHstsAndHtmlGetsTheCsp() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setSecure(true);

        MockHttpServletResponse response = run(request, "text/html;charset=UTF-8");

        assertThat(response.getHeader("Strict-Transport-Security")).isEqualTo("max-age=600");
        assertThat(response.getHeader("Content-Security-Policy")).isEqualTo("default-src 'self'");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void headersSurviveAResetAndDoNotOverrideTheApplication() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws java.io.IOException {
                res.reset();
                res.setHeader("X-Frame-Options", "SAMEORIGIN");
                res.getWriter().write("ok");
            }
        }, filter).doFilter(request, response);

        assertThat(response.getHeader("X-Frame-Options")).isEqualTo("SAMEORIGIN");
        assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    }

    private MockHttpServletResponse run(MockHttpServletRequest request, String contentType) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws java.io.IOException {
                res.setContentType(contentType);
                res.getWriter().write("body");
            }
        }, filter).doFilter(request, response);
        return response;
    }
}
