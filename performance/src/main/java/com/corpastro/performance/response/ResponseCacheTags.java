package com.corpastro.performance.response;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import com.corpastro.performance.cache.EntityTag;

import jakarta.servlet.ServletRequest;

/**
 * Names the entities a response was built from, so that {@code CacheManager.invalidateEntity}
 * also purges the cached responses built from them. Either call {@link #add} while handling the
 * request, or send the header {@value #HEADER} ({@code business:7, template:daily}), which the
 * response filter reads and removes before the response leaves.
 *
 * <pre>{@code
 * @GetMapping("/api/businesses/{id}/content/{type}")
 * Content content(@PathVariable long id, @PathVariable String type) {
 *     ResponseCacheTags.add(EntityTag.of("business", id));
 *     ...
 * }
 * // later: cache.invalidateEntity("business", id) purges every cached response tagged business:<id>
 * }</pre>
 */
public final class ResponseCacheTags {

    /** The response header that carries tags as {@code type:id} separated by commas. */
    public static final String HEADER = "X-Cache-Tags";

    static final String ATTRIBUTE = ResponseCacheTags.class.getName();
    static final String DO_NOT_STORE = ResponseCacheTags.class.getName() + ".doNotStore";

    private ResponseCacheTags() {
    }

    /** Tags the response of {@code request}. */
    public static void add(ServletRequest request, EntityTag... tags) {
        tags(request).addAll(Arrays.asList(tags));
    }

    /**
     * Tags the response of the current request (from Spring's {@link RequestContextHolder});
     * does nothing outside a request.
     */
    public static void add(EntityTag... tags) {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<EntityTag> list = (List<EntityTag>) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (list == null) {
            list = new ArrayList<>(2);
            attributes.setAttribute(ATTRIBUTE, list, RequestAttributes.SCOPE_REQUEST);
        }
        list.addAll(Arrays.asList(tags));
    }

    /**
     * Keeps the response of the current request out of the response cache, while later responses
     * of the same route may still be stored: for a body that describes how it was produced (a
     * "generated just now" flag) and so must not be replayed. Does nothing outside a request.
     */
    public static void doNotStore() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null) {
            attributes.setAttribute(DO_NOT_STORE, Boolean.TRUE, RequestAttributes.SCOPE_REQUEST);
        }
    }

    /** Whether {@link #doNotStore()} was called for {@code request}. */
    public static boolean isStoreSkipped(ServletRequest request) {
        return request.getAttribute(DO_NOT_STORE) != null;
    }

    /** The tags added to {@code request} so far. */
    public static List<EntityTag> of(ServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        if (value instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<EntityTag> tags = (List<EntityTag>) list;
            return List.copyOf(tags);
        }
        return List.of();
    }

    /** Parses a {@value #HEADER} value; entries without a colon are rejected with the value in the message. */
    public static List<EntityTag> parse(String header) {
        List<EntityTag> tags = new ArrayList<>();
        if (header == null) {
            return tags;
        }
        for (String part : header.split(",")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(HEADER + " entries must be 'type:id', was '" + text + "'");
            }
            tags.add(new EntityTag(text.substring(0, colon).trim(), text.substring(colon + 1).trim()));
        }
        return tags;
    }

    @SuppressWarnings("unchecked")
    private static List<EntityTag> tags(ServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        if (value instanceof List<?> list) {
            return (List<EntityTag>) list;
        }
        List<EntityTag> list = new ArrayList<>(2);
        request.setAttribute(ATTRIBUTE, list);
        return list;
    }
}
