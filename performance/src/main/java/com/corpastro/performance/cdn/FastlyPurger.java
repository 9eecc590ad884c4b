package com.corpastro.performance.cdn;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * Fastly's batch surrogate key purge: {@code POST /service/{service_id}/purge} with
 * {@code {"surrogate_keys": [...]}} (at most 256 keys), the API token in {@code Fastly-Key}, and
 * {@code Fastly-Soft-Purge: 1} for a soft purge (content marked stale, not evicted).
 */
final class FastlyPurger extends HttpPurger {

    static final String DEFAULT_URL = "https://api.fastly.com";
    static final int MAX_KEYS = 256;

    private final String baseUrl;
    private final String serviceId;
    private final String token;
    private final boolean soft;

    FastlyPurger(String baseUrl, String serviceId, String token, boolean soft, HttpClient client, Duration timeout) {
        super("fastly", MAX_KEYS, client, timeout);
        this.baseUrl = baseUrl;
        this.serviceId = serviceId;
        this.token = token;
        this.soft = soft;
    }

    @Override
    HttpRequest.Builder request(List<String> keys) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(baseUrl, "/service/" + serviceId + "/purge"))
                .header("Fastly-Key", token)
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"surrogate_keys\":" + jsonArray(keys) + "}"));
        if (soft) {
            request.header("Fastly-Soft-Purge", "1");
        }
        return request;
    }
}
