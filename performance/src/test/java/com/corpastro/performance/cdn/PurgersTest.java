package com.corpastro.performance.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.corpastro.testing.MutableClock;
import com.sun.net.httpserver.HttpServer;

/** Each provider's purge request, as its documented API expects it, sent to a recording HTTP server. */
class PurgersTest {

    record Received(String method, String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Duration timeout = Duration.ofSeconds(5);
    private volatile int status = 200;
    private HttpServer server;
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void varnishGetsAPurgeWithTheKeysInItsXkeyHeaderSoftOrHard() throws Exception {
        new VarnishPurger(URI.create(url + "/"), true, client, timeout).purge(List.of("template-a", "business-1"));
        new VarnishPurger(URI.create(url + "/"), false, client, timeout).purge(List.of("template-b"));

        assertThat(received.get(0).method()).isEqualTo("PURGE");
        assertThat(received.get(0).header("xkey-softpurge")).isEqualTo("template-a business-1");
        assertThat(received.get(1).header("xkey-purge")).isEqualTo("template-b");
        assertThat(received.get(1).header("xkey-softpurge")).isNull();
    }

    @Test
    void fastlyGetsABatchSurrogateKeyPurgeWithItsTokenAndSoftPurge() throws Exception {
        new FastlyPurger(url, "SVC123", "fastly-token", true, client, timeout).purge(List.of("a-1", "b-2"));

        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/service/SVC123/purge");
        assertThat(request.header("Fastly-Key")).isEqualTo("fastly-token");
        assertThat(request.header("Fastly-Soft-Purge")).isEqualTo("1");
        assertThat(request.body()).isEqualTo("{\"surrogate_keys\":[\"a-1\",\"b-2\"]}");
        assertThat(new FastlyPurger(url, "S", "t", true, client, timeout).maxKeysPerCall()).isEqualTo(256);
    }

    @Test
    void cloudflareGetsAPurgeByTagsWithABearerToken() throws Exception {
        new CloudflarePurger(url, "ZONE9", "cf-token", client, timeout).purge(List.of("a-1"));

        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/zones/ZONE9/purge_cache");
        assertThat(request.header("Authorization")).isEqualTo("Bearer cf-token");
        assertThat(request.body()).isEqualTo("{\"tags\":[\"a-1\"]}");
        assertThat(new CloudflarePurger(url, "Z", "t", client, timeout).maxKeysPerCall()).isEqualTo(100);
    }

    @Test
    void akamaiGetsAnEdgeGridSignedInvalidateOrDeleteByTag() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:11:12Z"));
        new AkamaiPurger(url, "", "ctoken:csecret:atoken", true, client, timeout, clock).purge(List.of("a-1"));
        new AkamaiPurger(url, "staging", "ctoken:csecret:atoken", false, client, timeout, clock).purge(List.of("a-1"));

        Received invalidate = received.get(0);
        assertThat(invalidate.method()).isEqualTo("POST");
        assertThat(invalidate.path()).isEqualTo("/ccu/v3/invalidate/tag/production");
        assertThat(invalidate.body()).isEqualTo("{\"objects\":[\"a-1\"]}");
        assertThat(invalidate.header("Authorization")).matches("EG1-HMAC-SHA256 client_token=ctoken;access_token=atoken;"
                + "timestamp=20261204T10:11:12\\+0000;nonce=[0-9a-f-]{36};signature=[A-Za-z0-9+/]{43}=");
        assertThat(received.get(1).path()).isEqualTo("/ccu/v3/delete/tag/staging");
    }

    @Test
    void anAkamaiSignatureCoversTheBodyAndTheSecret() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:11:12Z"));
        URI uri = URI.create("https://akab-x.purge.akamaiapis.net/ccu/v3/invalidate/tag/production");
        AkamaiPurger one = new AkamaiPurger(url, "", "c:secret-one:a", true, client, timeout, clock);
        AkamaiPurger two = new AkamaiPurger(url, "", "c:secret-two:a", true, client, timeout, clock);

        String signed = one.authorization("POST", uri, "{\"objects\":[\"a\"]}", "n");
        assertThat(one.authorization("POST", uri, "{\"objects\":[\"a\"]}", "n")).isEqualTo(signed);
        assertThat(one.authorization("POST", uri, "{\"objects\":[\"b\"]}", "n")).isNotEqualTo(signed);
        assertThat(two.authorization("POST", uri, "{\"objects\":[\"a\"]}", "n")).isNotEqualTo(signed);
    }

    @Test
    void anAkamaiTokenMustHaveItsThreeParts() {
        assertThatThrownBy(() -> new AkamaiPurger(url, "", "just-one", true, client, timeout, new MutableClock(
                Instant.EPOCH))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 1 part(s)");
    }

    @Test
    void aRefusalIsAnIOExceptionWithTheStatusAndNothingIsSaidSucceeded() {
        status = 429;
        VarnishPurger purger = new VarnishPurger(URI.create(url + "/"), true, client, timeout);

        assertThatThrownBy(() -> purger.purge(List.of("a"))).isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 429");
    }

    @Test
    void anUnreachableCdnIsAnIOException() {
        server.stop(0);
        VarnishPurger purger = new VarnishPurger(URI.create(url + "/"), true, client, timeout);

        assertThatThrownBy(() -> purger.purge(List.of("a"))).isInstanceOf(IOException.class);
    }

    @Test
    void moreKeysThanTheProviderTakesInOneCallAreRefused() {
        List<String> keys = IntStream.range(0, 101).mapToObj(i -> "k" + i).toList();
        CloudflarePurger purger = new CloudflarePurger(url, "Z", "t", client, timeout);

        assertThatThrownBy(() -> purger.purge(keys)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100 keys per call, was 101");
        assertThat(received).isEqualTo(Collections.emptyList());
    }
}
