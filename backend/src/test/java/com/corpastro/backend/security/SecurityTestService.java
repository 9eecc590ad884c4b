package com.corpastro.backend.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on a random port on H2, with rate limits out of the way (each suite here sends
 * hundreds of requests from one address); every suite of this package shares the one instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:security;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "corp-astro.admin.token=" + SecurityTestService.ADMIN_TOKEN,
        "corp-astro.http.endpoint-types.auth.limit=1000000",
        "corp-astro.http.endpoint-types.api.limit=1000000",
        "corp-astro.http.endpoint-types.admin.limit=1000000",
        "corp-astro.http.endpoint-types.content.limit=1000000",
        "corp-astro.http.endpoint-types.public.limit=1000000" })
abstract class SecurityTestService {

    static final String ADMIN_TOKEN = "edge-security-admin-token-0123456789abcdef";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    /** A signed-up user's token. */
    String userToken;
    long userId;

    @BeforeEach
    void signUp() throws IOException {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        RawClient.Reply created = send("POST", "/api/users", null, "application/json",
                "{\"email\":\"" + email + "\",\"name\":\"User\"}");
        if (created.status() != 201) {
            throw new AssertionError("sign-up failed: " + created.status() + " " + created.body());
        }
        JsonNode user = JSON.readTree(created.body());
        userToken = user.get("apiToken").asString();
        userId = user.get("id").asLong();
    }

    RawClient.Reply send(String method, String target, String token, String contentType, String body)
            throws IOException {
        return RawClient.send(port, method, target, token, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    RawClient.Reply get(String target, String token) throws IOException {
        return send("GET", target, token, null, null);
    }

    static String code(RawClient.Reply reply) {
        try {
            JsonNode code = JSON.readTree(reply.body()).get("code");
            return code == null ? null : code.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
