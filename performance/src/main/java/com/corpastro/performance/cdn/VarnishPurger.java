package com.corpastro.performance.cdn;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * Varnish with vmod xkey (deploy/varnish/default.vcl): {@code PURGE <purge-url>} with the keys,
 * space-separated, in {@code xkey-softpurge} (soft: objects turn stale and are refetched, serving
 * stale meanwhile) or {@code xkey-purge}. 50 keys of at most 128 characters stay under Varnish's
 * default 8 KiB request header limit.
 */
final class VarnishPurger extends HttpPurger {

    static final int MAX_KEYS = 50;

    private final URI uri;
    private final boolean soft;

    VarnishPurger(URI uri, boolean soft, HttpClient client, Duration timeout) {
        super("varnish", MAX_KEYS, client, timeout);
        this.uri = uri;
        this.soft = soft;
    }

    @Override
    HttpRequest.Builder request(List<String> keys) {
        return HttpRequest.newBuilder(uri).method("PURGE", HttpRequest.BodyPublishers.noBody())
                .header(soft ? "xkey-softpurge" : "xkey-purge", String.join(" ", keys));
    }
}
