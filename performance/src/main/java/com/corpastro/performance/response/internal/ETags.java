package com.corpastro.performance.response.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Weak entity tags from the identity body, and {@code If-None-Match} matching. */
public final class ETags {

    private ETags() {
    }

    /** {@code W/"<base64url of the first 15 bytes of SHA-256(body)>"}; the same for every coding of the body. */
    public static String weak(byte[] body, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(body, 0, length);
            byte[] digest = sha.digest();
            byte[] head = new byte[15];
            System.arraycopy(digest, 0, head, 0, head.length);
            return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(head) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Whether {@code ifNoneMatch} names {@code etag} by weak comparison, or is {@code *}. */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || etag == null) {
            return false;
        }
        String wanted = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
