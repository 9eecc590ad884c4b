package com.corpastro.performance.cdn;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A {@link CdnPurger} over the JDK's {@link HttpClient}: a purge succeeds on a 2xx answer only. */
abstract class HttpPurger implements CdnPurger {

    private static final int MAX_ERROR_BODY = 200;

    private final String name;
    private final int maxKeysPerCall;
    private final HttpClient client;
    private final Duration timeout;

    HttpPurger(String name, int maxKeysPerCall, HttpClient client, Duration timeout) {
        this.name = name;
        this.maxKeysPerCall = maxKeysPerCall;
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int maxKeysPerCall() {
        return maxKeysPerCall;
    }

    @Override
    public final void purge(List<String> keys) throws IOException, InterruptedException {
        if (keys.isEmpty()) {
            return;
        }
        if (keys.size() > maxKeysPerCall) {
            throw new IllegalArgumentException(name + " purges at most " + maxKeysPerCall + " keys per call, was "
                    + keys.size());
        }
        HttpRequest request = request(keys).timeout(timeout).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body().replaceAll("\\s+", " ");
            throw new IOException(name + " refused the purge of " + keys.size() + " keys: HTTP " + response.statusCode()
                    + " " + (body.length() > MAX_ERROR_BODY ? body.substring(0, MAX_ERROR_BODY) + "..." : body));
        }
    }

    /** The purge request of {@code keys}, without its timeout. */
    abstract HttpRequest.Builder request(List<String> keys) throws IOException;

    /** {@code keys} as a JSON array of strings. */
    static String jsonArray(List<String> keys) {
        return keys.stream().map(key -> '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "[", "]"));
    }

    static URI uri(String base, String path) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + path);
    }
}
