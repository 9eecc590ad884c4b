package com.corpastro.backend.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** API tokens: 32 random bytes, URL-safe Base64; stored only as their SHA-256 hash. */
final class ApiTokens {

    /** 32 bytes in Base64 without padding. */
    static final int LENGTH = 43;
    /**
     * The possible last characters: 32 bytes fill only 4 of the last character's 6 bits, and the
     * encoder sets the other 2 to zero, so only every fourth character of the alphabet can end a token.
     */
    private static final String LAST_CHARACTERS = "AEIMQUYcgkosw048";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Cloned for each hash: {@code MessageDigest.getInstance} looks the provider up every time, most of a hash's cost. */
    private static final MessageDigest SHA_256 = sha256();

    private ApiTokens() {
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Whether {@code token} has the form of a token {@link #newToken()} issues. Anything else is
     * nobody's token, and is refused without a database lookup.
     */
    static boolean isWellFormed(String token) {
        if (token.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = token.charAt(i);
            boolean base64Url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64Url) {
                return false;
            }
        }
        return LAST_CHARACTERS.indexOf(token.charAt(LENGTH - 1)) >= 0;
    }

    static String hash(String token) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            digest = sha256();
        }
        return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
