package com.corpastro.performance.response;

import java.util.ArrayList;
import java.util.List;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.RetainedSize;

/**
 * A response kept by the response cache: plain data, so the two-level cache can serialize it. It tells
 * the cache's L1 the heap it keeps ({@link RetainedSize}): mostly its bodies, which its serialized form
 * would make look twice as large.
 *
 * @param status             the status code
 * @param contentType        the {@code Content-Type}, or {@code null}
 * @param headers            the headers the application set (no framing, cookie or per-request headers)
 * @param etag               the entity tag of the identity body, or {@code null}
 * @param route              the route template that produced it, or {@code null}
 * @param bodies             the body in identity coding and in the compression codings asked for so far
 * @param varyRequestHeaders the request header values of the response's {@code Vary} dimensions
 *                           (other than {@code Accept-Encoding} and {@code Authorization}, which the
 *                           variants and the cache key already cover)
 * @param shared             whether the response may be served to every user ({@code public} and
 *                           not varying by credentials)
 * @param compressible       whether the body may be compressed: a coding missing from {@code bodies} is
 *                           made on its first request and added to the entry
 * @param tags               the entity tags the entry was stored with, for storing it again with a coding added
 * @param expiresAtMillis    when the entry expires (epoch milliseconds), for storing it again with a coding added
 */
public record CachedResponse(int status, String contentType, List<Header> headers, String etag, String route,
        List<Body> bodies, List<Header> varyRequestHeaders, boolean shared, boolean compressible,
        List<EntityTag> tags, long expiresAtMillis) implements RetainedSize {

    /** This entry with the body in one more coding. */
    public CachedResponse withBody(String coding, byte[] bytes) {
        List<Body> more = new ArrayList<>(bodies.size() + 1);
        more.addAll(bodies);
        more.add(new Body(coding, bytes));
        return new CachedResponse(status, contentType, headers, etag, route, List.copyOf(more), varyRequestHeaders,
                shared, compressible, tags, expiresAtMillis);
    }

    /** The body in {@code coding} ({@code identity}, {@code br}, ...), or {@code null}. */
    public byte[] body(String coding) {
        for (Body body : bodies) {
            if (body.coding().equals(coding)) {
                return body.bytes();
            }
        }
        return null;
    }

    /**
     * {@inheritDoc} This record, its strings, bodies, headers and tags, each list with its array (a
     * 64-bit JVM with compressed references).
     */
    @Override
    public long retainedBytes() {
        long bytes = 64 + RetainedSize.of(contentType) + RetainedSize.of(etag) + RetainedSize.of(route)
                + headers(headers) + headers(varyRequestHeaders) + list(bodies) + list(tags);
        for (Body body : bodies) {
            bytes += 16 + RetainedSize.of(body.coding()) + RetainedSize.of(body.bytes());
        }
        for (EntityTag tag : tags) {
            bytes += 16 + RetainedSize.of(tag.type()) + RetainedSize.of(tag.id());
        }
        return bytes;
    }

    private static long headers(List<Header> headers) {
        long bytes = list(headers);
        for (Header header : headers) {
            bytes += 16 + RetainedSize.of(header.name()) + RetainedSize.of(header.value());
        }
        return bytes;
    }

    private static long list(List<?> list) {
        return 32 + 4L * list.size();
    }

    /** One header line. */
    public record Header(String name, String value) {
    }

    /** The body in one content coding. */
    public record Body(String coding, byte[] bytes) {
    }
}
