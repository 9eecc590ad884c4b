package com.corpastro.performance.http;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.http.internal.CommitHookResponse;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds the security headers to every response that does not set them itself:
 * {@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy}, {@code X-Frame-Options: DENY},
 * a {@code Content-Security-Policy} on HTML pages, and {@code Strict-Transport-Security} when the
 * request came over HTTPS, directly or through a trusted proxy's {@code X-Forwarded-Proto}.
 * The headers are added just before the response commits, so they survive a
 * {@code response.reset()} and the CSP sees the final content type.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {

    private final ClientAddressResolver addresses;
    private final String referrerPolicy;
    private final String contentSecurityPolicy;
    private final String strictTransportSecurity;

    /**
     * @param addresses               decides whether the request arrived over HTTPS
     * @param referrerPolicy          the {@code Referrer-Policy}, e.g. {@code no-referrer}
     * @param contentSecurityPolicy   the CSP of HTML pages, {@code null} or blank for none
     * @param strictTransportSecurity the HSTS value on HTTPS, {@code null} or blank for none
     */
    SecurityHeadersFilter(ClientAddressResolver addresses, String referrerPolicy, String contentSecurityPolicy,
            String strictTransportSecurity) {
        this.addresses = addresses;
        this.referrerPolicy = blankToNull(referrerPolicy);
        this.contentSecurityPolicy = blankToNull(contentSecurityPolicy);
        this.strictTransportSecurity = blankToNull(strictTransportSecurity);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean secure = strictTransportSecurity != null && addresses.isSecure(request);
        CommitHookResponse wrapped = new CommitHookResponse(response, () -> addHeaders(response, secure));
        try {
            chain.doFilter(request, wrapped);
        } finally {
            wrapped.beforeCommit();
        }
    }

    private void addHeaders(HttpServletResponse response, boolean secure) {
        setIfAbsent(response, "X-Content-Type-Options", "nosniff");
        setIfAbsent(response, "X-Frame-Options", "DENY");
        if (referrerPolicy != null) {
            setIfAbsent(response, "Referrer-Policy", referrerPolicy);
        }
        if (secure) {
            setIfAbsent(response, "Strict-Transport-Security", strictTransportSecurity);
        }
        String type = response.getContentType();
        if (contentSecurityPolicy != null && type != null && type.regionMatches(true, 0, "text/html", 0, 9)) {
            setIfAbsent(response, "Content-Security-Policy", contentSecurityPolicy);
        }
    }

    private static void setIfAbsent(HttpServletResponse response, String name, String value) {
        if (!response.containsHeader(name)) {
            response.setHeader(name, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
