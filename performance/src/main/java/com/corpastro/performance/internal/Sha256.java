package com.corpastro.performance.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 digests from a clone of one prototype: {@code MessageDigest.getInstance} looks the
 * provider up on every call, which shows on paths that hash every request (token keys, ETags).
 */
public final class Sha256 {

    private static final MessageDigest PROTOTYPE = newDigest();

    private Sha256() {
    }

    /** The SHA-256 of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static byte[] digest(byte[] bytes, int offset, int length) {
        MessageDigest digest = copy();
        digest.update(bytes, offset, length);
        return digest.digest();
    }

    /** The SHA-256 of {@code text} in UTF-8. */
    public static byte[] digest(String text) {
        return copy().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest copy() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
