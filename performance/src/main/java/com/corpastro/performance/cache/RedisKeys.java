package com.corpastro.performance.cache;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.corpastro.performance.internal.Sha256;

/**
 * Redis key names of one cache. Every key starts with the namespace; a caller's key is kept as
 * it is when it only has safe characters, percent-encoded otherwise, and replaced by its SHA-256
 * when long, so no key can escape the namespace, collide with another or pick a cluster slot
 * through braces. A value and its lease lock share a slot through the hash tag {@code {key}}.
 */
final class RedisKeys {

    private static final int LONGEST_KEPT = 200;

    private final String prefix;
    private final byte[] channel;

    RedisKeys(String namespace) {
        if (namespace == null || namespace.isBlank() || !isSafe(namespace)) {
            throw new IllegalArgumentException(
                    "namespace must be non-blank letters, digits and :._-/@=+, , was '" + namespace + "'");
        }
        this.prefix = namespace + ":";
        this.channel = (prefix + "invalidations").getBytes(StandardCharsets.UTF_8);
    }

    byte[] value(String key) {
        return bytes(prefix + "{" + encode(key) + "}v");
    }

    byte[] lock(String key) {
        return bytes(prefix + "{" + encode(key) + "}l");
    }

    byte[] generation(EntityTag tag) {
        return bytes(prefix + "g:{" + encode(tag.type()) + ":" + encode(tag.id()) + "}");
    }

    byte[] channel() {
        return channel.clone();
    }

    static String encode(String key) {
        if (key.length() <= LONGEST_KEPT && isSafe(key)) {
            return key;
        }
        StringBuilder encoded = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && isSafe(c)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            }
        }
        if (encoded.length() <= LONGEST_KEPT) {
            return encoded.toString();
        }
        return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(key));
    }

    private static boolean isSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSafe(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == ':' || c == '.' || c == '_' || c == '-' || c == '/' || c == '@' || c == '=' || c == '+' || c == ',';
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(String text) {
        return Sha256.digest(text);
    }
}
