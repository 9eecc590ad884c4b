package com.corpastro.performance.response.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import com.corpastro.performance.internal.Sha256;

/** Weak entity tags from the identity body, and {@code If-None-Match} matching. */
public final class ETags {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ETags() {
    }

    /** {@code W/"<base64url of the first 15 bytes of SHA-256(body)>"}; the same for every coding of the body. */
    public static String weak(byte[] body, int length) {
        byte[] head = Arrays.copyOf(Sha256.digest(body, 0, length), 15);
        // W/" + 20 base64url characters + "
        byte[] tag = new byte[24];
        tag[0] = 'W';
        tag[1] = '/';
        tag[2] = '"';
        byte[] encoded = BASE64URL.encode(head);
        System.arraycopy(encoded, 0, tag, 3, encoded.length);
        tag[23] = '"';
        return new String(tag, StandardCharsets.ISO_8859_1);
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
