package com.corpastro.performance.cdn;

import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.internal.Sha256;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The edge keys of a response: its {@link EntityTag}s as the purge keys CDNs index cached responses
 * by, in the headers each CDN reads ({@code Surrogate-Key} for Fastly, {@code Cache-Tag} for
 * Cloudflare, {@code Edge-Cache-Tag} for Akamai, {@code xkey} for Varnish). A tag
 * {@code template:daily} is the key {@code template-daily}: every provider accepts it (Akamai
 * refuses colons). Characters outside {@code [A-Za-z0-9._-]} become {@code _} and a key over 128
 * characters is shortened with a hash, so two tags may share a key: a purge then drops a little more,
 * never less.
 *
 * <pre>{@code
 * EdgeKeys keys = EdgeKeys.of(List.of(EdgeKeys.Header.SURROGATE_KEY, EdgeKeys.Header.XKEY));
 * keys.apply(response, List.of(EntityTag.of("template", "daily")));   // Surrogate-Key: template-daily
 * }</pre>
 */
public final class EdgeKeys {

    /** The longest key every provider accepts (Akamai's cache tag limit). */
    static final int MAX_KEY_LENGTH = 128;

    /** The response headers CDNs read purge keys from. */
    public enum Header {
        /** Fastly: space-separated. */
        SURROGATE_KEY("Surrogate-Key", " "),
        /** Cloudflare: comma-separated. */
        CACHE_TAG("Cache-Tag", ","),
        /** Akamai: comma-separated. */
        EDGE_CACHE_TAG("Edge-Cache-Tag", ","),
        /** Varnish's vmod xkey: space-separated. */
        XKEY("xkey", " ");

        private final String headerName;
        private final String separator;

        Header(String headerName, String separator) {
            this.headerName = headerName;
            this.separator = separator;
        }

        /** The HTTP header's name, e.g. {@code Surrogate-Key}. */
        public String headerName() {
            return headerName;
        }
    }

    private final List<Header> headers;

    private EdgeKeys(List<Header> headers) {
        this.headers = List.copyOf(headers);
    }

    /** Edge keys sent in {@code headers}. */
    public static EdgeKeys of(Collection<Header> headers) {
        if (headers == null || headers.isEmpty()) {
            throw new IllegalArgumentException("edge key headers must not be empty, was " + headers);
        }
        return new EdgeKeys(List.copyOf(new LinkedHashSet<>(headers)));
    }

    /** The headers this sends. */
    public List<Header> headers() {
        return headers;
    }

    /** The edge key of {@code tag}, e.g. {@code template-daily} for {@code template:daily}. */
    public static String key(EntityTag tag) {
        String key = clean(tag.type()) + "-" + clean(tag.id());
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        return key.substring(0, MAX_KEY_LENGTH - 17) + "-" + sha256(key).substring(0, 16);
    }

    /** The distinct edge keys of {@code tags}, in order. */
    public static List<String> keys(Collection<EntityTag> tags) {
        Set<String> keys = new LinkedHashSet<>();
        for (EntityTag tag : tags) {
            keys.add(key(tag));
        }
        return List.copyOf(keys);
    }

    /**
     * Sets the edge key headers of {@code response} to the keys of {@code tags}, replacing any the
     * handler set; removes them when there are no tags.
     */
    public void apply(HttpServletResponse response, Collection<EntityTag> tags) {
        List<String> keys = keys(tags);
        for (Header header : headers) {
            response.setHeader(header.headerName, keys.isEmpty() ? null : String.join(header.separator, keys));
        }
    }

    /** Removes every edge key header from {@code response} (a private one must name nothing to an edge). */
    public static void remove(HttpServletResponse response) {
        for (Header header : Header.values()) {
            if (response.containsHeader(header.headerName)) {
                response.setHeader(header.headerName, null);
            }
        }
    }

    /** Whether a {@code Cache-Control} value lets shared caches keep the response. */
    public static boolean isShared(String cacheControl) {
        if (cacheControl == null) {
            return false;
        }
        String value = cacheControl.toLowerCase(Locale.ROOT);
        return value.contains("public") && !value.contains("private") && !value.contains("no-store");
    }

    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || c == '_' || c == '-';
            out.append(plain ? c : '_');
        }
        return out.toString();
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(Sha256.digest(text));
    }
}
