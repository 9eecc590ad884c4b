package com.corpastro.performance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.http.HttpClients;
import com.corpastro.performance.http.HttpTestApplication;
import com.corpastro.testing.MutableClock;
import com.corpastro.testing.EmbeddedRedisServer;

/**
 * Two instances of the service on one real Redis share their rate limits (and, through the
 * two-level cache, their cached responses); without Redis they limit locally.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitRedisIntegrationTest {

    private static EmbeddedRedisServer redis;
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static HttpClients one;
    private static HttpClients two;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedisServer.start();
        first = instance();
        second = instance();
        one = client(first);
        two = client(second);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        redis.close();
    }

    @Test
    void theSameLimitHoldsAcrossTwoInstances() {
        assertThat(first.getBean(RateLimiter.class)).isInstanceOf(FallbackRateLimiter.class);
        awaitRedis();
        assertThat(post(one, "/api/users")).isEqualTo(201);
        assertThat(post(two, "/api/users")).isEqualTo(201);
        assertThat(post(one, "/api/users")).isEqualTo(201);

        assertThat(post(two, "/api/users")).isEqualTo(429);
        assertThat(post(one, "/api/users")).isEqualTo(429);
    }

    @Test
    void withRedisDownEachInstanceFallsBackToLocalBucketsAndSaysSoOnce(CapturedOutput output) {
        FallbackRateLimiter limiter = (FallbackRateLimiter) first.getBean(RateLimiter.class);
        redis.stop();
        try {
            assertThat(post(one, "/api/login")).isEqualTo(200);
            assertThat(post(one, "/api/login")).isEqualTo(200);
            assertThat(post(one, "/api/login")).as("never no limit").isEqualTo(429);
            assertThat(limiter.isFallingBack()).isTrue();
            first.getBean(MutableClock.class).advance(Duration.ofSeconds(30));
            assertThat(post(one, "/api/login")).as("one token refilled locally").isEqualTo(200);
            assertThat(post(one, "/api/login")).isEqualTo(429);
            assertThat(output.getAll().split("event=rate_limit_store_down", -1)).hasSize(2);
        } finally {
            redis.restart();
        }
        awaitRedis();
        assertThat(output.getAll()).contains("event=rate_limit_store_recovered");
    }

    @Test
    void aResponseCachedByOneInstanceIsServedByTheOtherAndAnInvalidationPurgesItOnBoth() {
        awaitRedis();
        String path = "/api/businesses/42/content/daily_horoscope";
        // Business 42 was never invalidated (Redis holds no generation for it): its first answer is stored.
        HttpResponse<byte[]> original = one.get(path, "Authorization", "Bearer alice", "Accept-Encoding", "br");
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().firstValue("Server-Timing").orElse("")).contains("miss-stored");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                two.get(path, "Authorization", "Bearer alice", "Accept-Encoding", "br").headers()
                        .firstValue("Server-Timing").orElse("")).contains("response-cache;desc=\"hit\""));
        HttpResponse<byte[]> fromOtherNode = two.get(path, "Authorization", "Bearer alice", "Accept-Encoding", "zstd");
        assertThat(HttpClients.decode(fromOtherNode)).isEqualTo(HttpClients.decode(original));
        assertThat(text(two.get(path, "Authorization", "Bearer bob"))).contains("\"for\":\"Bearer bob\"");
        int callsOnTwo = second.getBean(HttpTestApplication.Calls.class).get("content:42");

        first.getBean(CacheManager.class).invalidateEntity("business", 42);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                two.get(path, "Authorization", "Bearer alice").headers().firstValue("Server-Timing").orElse(""))
                .doesNotContain("response-cache;desc=\"hit\""));
        assertThat(second.getBean(HttpTestApplication.Calls.class).get("content:42")).isGreaterThan(callsOnTwo);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(HttpClients.decode(response), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Waits until both instances use Redis again (each retries after its retry interval). */
    private static void awaitRedis() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
                context.getBean(MutableClock.class).advance(Duration.ofSeconds(6));
                client(context).get("/api/small");
                RateLimiter limiter = context.getBean(RateLimiter.class);
                assertThat(((FallbackRateLimiter) limiter).isFallingBack()).isFalse();
                // The cache finds its way back on its own circuit's trial PING, not on the limiter's checks.
                assertThat(((TieredCacheManager) context.getBean(CacheManager.class)).isRedisAvailable()).isTrue();
            }
        });
    }

    private static ConfigurableApplicationContext instance() {
        return new SpringApplicationBuilder(HttpTestApplication.class).properties(HttpTestApplication.PROPERTIES)
                .properties("corp-astro.http.rate-limit.redis-url=" + redis.url(),
                        "corp-astro.cache.redis.url=" + redis.url()).run();
    }

    private static HttpClients client(ConfigurableApplicationContext context) {
        return new HttpClients(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static int post(HttpClients client, String path) {
        return client.send(client.request(path).POST(HttpRequest.BodyPublishers.noBody())).statusCode();
    }
}
