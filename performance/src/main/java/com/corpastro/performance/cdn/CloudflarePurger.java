package com.corpastro.performance.cdn;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * Cloudflare's purge by cache tag: {@code POST /zones/{zone_id}/purge_cache} with
 * {@code {"tags": [...]}} (at most 100 per request on every plan) and a bearer API token.
 * Cloudflare has no soft purge.
 */
final class CloudflarePurger extends HttpPurger {

    static final String DEFAULT_URL = "https://api.cloudflare.com/client/v4";
    static final int MAX_KEYS = 100;

    private final String baseUrl;
    private final String zoneId;
    private final String token;

    CloudflarePurger(String baseUrl, String zoneId, String token, HttpClient client, Duration timeout) {
        super("cloudflare", MAX_KEYS, client, timeout);
        this.baseUrl = baseUrl;
        this.zoneId = zoneId;
        this.token = token;
    }

    @Override
    HttpRequest.Builder request(List<String> keys) {
        return HttpRequest.newBuilder(uri(baseUrl, "/zones/" + zoneId + "/purge_cache"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\":" + jsonArray(keys) + "}"));
    }
}
