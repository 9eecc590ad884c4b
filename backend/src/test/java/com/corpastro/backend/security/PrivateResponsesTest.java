package com.corpastro.backend.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Private answers stay private: every response of the api endpoint type, errors included, is
 * {@code private, no-cache} and varies by {@code Authorization}; response-cache keys ignore
 * unknown query parameters and the Host header.
 */
class PrivateResponsesTest extends SecurityTestService {

    @Test
    void everyApiResponseIsPrivateNoCacheAndVariesByAuthorization() throws IOException {
        long business = createBusiness();
        for (RawClient.Reply reply : new RawClient.Reply[] {get("/api/users/me", userToken),
                get("/api/users/me", null), get("/api/businesses/" + business, userToken),
                get("/api/businesses/999999999", userToken), get("/api/businesses/abc", userToken),
                send("PATCH", "/api/businesses/" + business, userToken, "application/json", "{}")}) {
            assertThat(reply.header("Cache-Control")).as(reply.status() + " " + reply.body())
                    .isEqualTo("private, no-cache");
            assertThat(reply.header("Vary")).as(reply.status() + " " + reply.body()).contains("Authorization");
        }
        assertThat(get("/api/businesses/999999999", userToken).status()).isEqualTo(404);
    }

    @Test
    void cacheBustersAndHostHeadersShareOneCachedResponse() throws IOException {
        String path = "/api/templates/daily_horoscope_template";
        get(path, null);
        get(path, null);
        for (int i = 0; i < 100; i++) {
            RawClient.Reply reply = i % 2 == 0 ? get(path + "?cb=" + i, null)
                    : RawClient.exchange(port, ("GET " + path.replace("daily", "%64aily") + "?cb=" + i
                            + " HTTP/1.1\r\nHost: attacker-" + i + ".example\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), new byte[0]);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.header("Server-Timing")).as("request " + i).contains("response-cache;desc=\"hit\"");
        }
    }

    private long createBusiness() throws IOException {
        RawClient.Reply created = send("POST", "/api/businesses", userToken, "application/json",
                "{\"name\":\"Private Ltd\",\"foundedAt\":\"2015-03-20T09:45:00Z\",\"latitude\":1,\"longitude\":2}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode business = JSON.readTree(created.body());
        return business.get("id").asLong();
    }
}
