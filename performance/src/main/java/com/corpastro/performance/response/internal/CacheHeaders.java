package com.corpastro.performance.response.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.corpastro.performance.http.EndpointPolicy;

import jakarta.servlet.http.HttpServletResponse;

/** The {@code Cache-Control} and {@code Vary} headers an endpoint type gives its responses. */
public final class CacheHeaders {

    /** The {@code Cache-Control} of a private type's responses other than a successful GET. */
    static final String PRIVATE_NO_CACHE = "private, no-cache";

    private CacheHeaders() {
    }

    /**
     * Before the handler runs: a {@code no-store} type's {@code Cache-Control}, or
     * {@value #PRIVATE_NO_CACHE} and {@code Vary: Authorization} for a private type, so that every
     * response of these types has them, errors and responses that stream through included.
     * Whether a {@code Cache-Control} was set here.
     */
    public static boolean preset(EndpointPolicy policy, HttpServletResponse response) {
        if (policy == null || policy.cacheControl() == null) {
            return false;
        }
        if (policy.isPrivate()) {
            addVary(response, "Authorization");
        }
        if (response.getHeader("Cache-Control") != null) {
            return false;
        }
        if (isNoStore(policy)) {
            response.setHeader("Cache-Control", policy.cacheControl());
            return true;
        }
        if (policy.isPrivate()) {
            response.setHeader("Cache-Control", PRIVATE_NO_CACHE);
            return true;
        }
        return false;
    }

    /**
     * After the handler: unless it chose a {@code Cache-Control} itself, a successful GET or HEAD
     * gets its type's, any other response of a private type {@value #PRIVATE_NO_CACHE}, so no
     * cache keeps one user's 404 or 403; a private type's response varies by {@code Authorization},
     * unless the handler declared it {@code public} (and chose no {@code Vary}).
     *
     * @param preset       whether {@link #preset} set the {@code Cache-Control} there is
     * @param setByHandler whether the handler set {@code Cache-Control}
     * @param varyByHandler whether the handler set or added {@code Vary}
     */
    public static void apply(EndpointPolicy policy, HttpServletResponse response, int status,
            boolean getOrHead, boolean preset, boolean setByHandler, boolean varyByHandler) {
        if (policy == null || policy.cacheControl() == null) {
            return;
        }
        if (policy.isPrivate()) {
            if (setByHandler && !varyByHandler && lower(response.getHeader("Cache-Control")).contains("public")) {
                removeVary(response, "Authorization");
            } else {
                addVary(response, "Authorization");
            }
        }
        if (!setByHandler) {
            boolean success = getOrHead && status >= 200 && status < 300 && status != 206;
            String value = success || isNoStore(policy) ? policy.cacheControl()
                    : policy.isPrivate() ? PRIVATE_NO_CACHE : null;
            if (value != null && (preset || response.getHeader("Cache-Control") == null)) {
                response.setHeader("Cache-Control", value);
            }
        }
    }

    private static boolean isNoStore(EndpointPolicy policy) {
        return lower(policy.cacheControl()).contains("no-store");
    }

    /** Adds {@code name} to {@code Vary} unless it (or {@code *}) is there already. */
    public static void addVary(HttpServletResponse response, String name) {
        List<String> present = new ArrayList<>();
        for (String value : response.getHeaders("Vary")) {
            for (String part : value.split(",")) {
                String token = part.trim();
                if (token.equalsIgnoreCase(name) || token.equals("*")) {
                    return;
                }
                if (!token.isEmpty()) {
                    present.add(token);
                }
            }
        }
        present.add(name);
        response.setHeader("Vary", String.join(", ", present));
    }

    /** Removes {@code name} from {@code Vary}, and {@code Vary} when nothing else is left (null removes a header). */
    private static void removeVary(HttpServletResponse response, String name) {
        List<String> kept = new ArrayList<>();
        for (String value : response.getHeaders("Vary")) {
            for (String part : value.split(",")) {
                String token = part.trim();
                if (!token.isEmpty() && !token.equalsIgnoreCase(name)) {
                    kept.add(token);
                }
            }
        }
        response.setHeader("Vary", kept.isEmpty() ? null : String.join(", ", kept));
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
