package com.corpastro.backend.support;

import java.security.SecureRandom;
import java.util.Base64;

import com.corpastro.performance.db.FingerprintStats;
import com.corpastro.performance.db.QueryAnalyzer;

/** What the token-lookup tests share: invented well-formed tokens and the count of the token SELECT. */
public final class TokenLookups {

    private static final String TOKEN_SELECT = QueryAnalyzer
            .fingerprint("SELECT id, email, name, role FROM users WHERE token_hash = ?");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenLookups() {
    }

    /** How many times the database was asked for a user by token hash. */
    public static long tokenSelects(QueryAnalyzer queries) {
        return queries.statistics(Integer.MAX_VALUE).top().stream()
                .filter(stats -> stats.fingerprint().equals(TOKEN_SELECT)).mapToLong(FingerprintStats::count).sum();
    }

    /** A well-formed token (32 random bytes, URL-safe Base64 without padding) that nobody holds. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
