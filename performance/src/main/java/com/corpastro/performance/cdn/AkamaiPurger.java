package com.corpastro.performance.cdn;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.corpastro.performance.internal.Sha256;

/**
 * Akamai Fast Purge v3 by cache tag: {@code POST /ccu/v3/invalidate/tag/{network}} (soft: content
 * revalidated with the origin) or {@code /ccu/v3/delete/tag/{network}}, body
 * {@code {"objects": [...]}} under the API's 50,000 byte limit (250 tags of at most 128 characters),
 * signed with EdgeGrid ({@code EG1-HMAC-SHA256}). The token is
 * {@code client_token:client_secret:access_token} of an API client with purge access; the URL its
 * {@code https://akab-....purge.akamaiapis.net} host; the service id the network
 * ({@code production} by default, or {@code staging}).
 */
final class AkamaiPurger extends HttpPurger {

    static final int MAX_KEYS = 250;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss+0000", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String baseUrl;
    private final String network;
    private final String clientToken;
    private final String clientSecret;
    private final String accessToken;
    private final boolean soft;
    private final Clock clock;

    AkamaiPurger(String baseUrl, String network, String token, boolean soft, HttpClient client, Duration timeout,
            Clock clock) {
        super("akamai", MAX_KEYS, client, timeout);
        String[] parts = token.split(":", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new IllegalArgumentException("the akamai API token must be client_token:client_secret:access_token, was "
                    + parts.length + " part(s)");
        }
        this.baseUrl = baseUrl;
        this.network = network == null || network.isBlank() ? "production" : network;
        this.clientToken = parts[0];
        this.clientSecret = parts[1];
        this.accessToken = parts[2];
        this.soft = soft;
        this.clock = clock;
    }

    @Override
    HttpRequest.Builder request(List<String> keys) {
        URI uri = uri(baseUrl, "/ccu/v3/" + (soft ? "invalidate" : "delete") + "/tag/" + network);
        String body = "{\"objects\":" + jsonArray(keys) + "}";
        return HttpRequest.newBuilder(uri)
                .header("Authorization", authorization("POST", uri, body, UUID.randomUUID().toString()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** The EdgeGrid {@code Authorization} header of a request (no headers signed). */
    String authorization(String method, URI uri, String body, String nonce) {
        String timestamp = TIMESTAMP.format(clock.instant());
        String header = "EG1-HMAC-SHA256 client_token=" + clientToken + ";access_token=" + accessToken + ";timestamp="
                + timestamp + ";nonce=" + nonce + ";";
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String data = String.join("\t", method, uri.getScheme(), uri.getHost().toLowerCase(Locale.ROOT), path, "",
                contentHash(body), header);
        String signingKey = hmac(clientSecret, timestamp);
        return header + "signature=" + hmac(signingKey, data);
    }

    private static String contentHash(String body) {
        return Base64.getEncoder().encodeToString(Sha256.digest(body));
    }

    private static String hmac(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }
}
