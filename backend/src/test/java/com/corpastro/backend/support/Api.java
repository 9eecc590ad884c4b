package com.corpastro.backend.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the running service, with the few calls the tests repeat. */
public final class Api {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

    /** A signed-up user and the token the service returned for it. */
    public record SignedUp(long id, String email, String token) {
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response post(String path, String token, String json) {
        return send("POST", path, token, "application/json", json);
    }

    public Response send(String method, String path, String token, String contentType, String body) {
        return send(method, path, token, contentType, body, Map.of());
    }

    /** A request with more headers, such as {@code If-Match}. */
    public Response send(String method, String path, String token, String contentType, String body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public SignedUp signUp(String name) {
        String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID() + "@example.com";
        Response created = post("/api/users", null, "{\"email\":\"" + email + "\",\"name\":\"" + name + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("sign-up failed: " + created.status() + " " + created.body());
        }
        JsonNode json = created.json();
        return new SignedUp(json.get("id").asLong(), email, json.get("apiToken").asString());
    }

    public long createBusiness(String token, String name, String foundedAt) {
        Response created = post("/api/businesses", token, "{\"name\":\"" + name + "\",\"foundedAt\":\"" + foundedAt
                + "\",\"latitude\":51.5072,\"longitude\":-0.1276}");
        if (created.status() != 201) {
            throw new AssertionError("business creation failed: " + created.status() + " " + created.body());
        }
        return created.json().get("id").asLong();
    }
}
