package com.corpastro.performance.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Admin access by a shared bearer token ({@code Authorization: Bearer <token>}), compared in
 * constant time. With no token configured nobody is admin.
 *
 * <pre>{@code
 * AdminAccess admin = new TokenAdminAccess(System.getenv("CORP_ASTRO_ADMIN_TOKEN"));
 * }</pre>
 */
public final class TokenAdminAccess implements AdminAccess {

    /** The shortest admin token accepted: 32 characters, e.g. 24 random bytes in Base64. */
    public static final int MIN_TOKEN_LENGTH = 32;

    private final byte[] token;

    /**
     * @param token the admin token, trimmed; {@code null} or blank turns admin access off
     * @throws IllegalArgumentException when the trimmed token is shorter than {@value #MIN_TOKEN_LENGTH}
     *                                  characters (the message gives the length, never the token)
     */
    public TokenAdminAccess(String token) {
        String trimmed = token == null || token.isBlank() ? null : token.trim();
        if (trimmed != null && trimmed.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("admin token must be at least " + MIN_TOKEN_LENGTH
                    + " characters after trimming, was " + trimmed.length() + " characters");
        }
        this.token = trimmed == null ? null : trimmed.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code presented} is the admin token (constant time); {@code false} when there is none. */
    public boolean matches(String presented) {
        return token != null && presented != null
                && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isAdmin(HttpServletRequest request) {
        return matches(bearerToken(request));
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
