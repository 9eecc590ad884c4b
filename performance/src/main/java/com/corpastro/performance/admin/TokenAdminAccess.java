package com.corpastro.performance.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Admin access by a shared bearer token ({@code Authorization: Bearer <token>}), compared in
 * constant time. With no token configured nobody is admin.
 */
public final class TokenAdminAccess implements AdminAccess {

    private final byte[] token;

    /** @param token the admin token; {@code null} or blank turns admin access off */
    public TokenAdminAccess(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean isAdmin(HttpServletRequest request) {
        String presented = bearerToken(request);
        return token != null && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** The token of an {@code Authorization: Bearer} header, or {@code null}. */
    public static String bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
