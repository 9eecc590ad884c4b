package com.corpastro.performance.http;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.response.ResponseCacheTags;
import com.corpastro.testing.MutableClock;

/** A small service with dummy endpoints, started on a random port by the HTTP layer's tests. */
@SpringBootApplication
public class HttpTestApplication {

    /** Properties shared by the tests: endpoint types, cached routes, a proxy range the tests never come from. */
    public static final String[] PROPERTIES = {
            "server.port=0",
            "server.http2.enabled=true",
            "spring.main.banner-mode=off",
            "corp-astro.http.trusted-proxies=10.0.0.0/8",
            "corp-astro.http.endpoint-types.auth.patterns=POST /api/users",
            "corp-astro.http.endpoint-types.auth.limit=3",
            "corp-astro.http.endpoint-types.login.patterns=POST /api/login",
            "corp-astro.http.endpoint-types.login.limit=2",
            "corp-astro.http.endpoint-types.login.key=ip",
            "corp-astro.http.endpoint-types.content.patterns=/api/businesses/*/content/**",
            "corp-astro.http.endpoint-types.public.patterns=/api/templates/**,/page",
            "corp-astro.http.endpoint-types.admin.patterns=/api/admin/**",
            "corp-astro.http.response-cache.routes=GET /api/templates/**,GET /api/businesses/*/content/**,GET /api/cookie",
            "corp-astro.http.response-cache.ttl=10m",
    };

    @Bean
    Clock clock() {
        return new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    }

    @Bean
    Calls calls() {
        return new Calls();
    }

    @Bean
    Timings timings() {
        return new Timings();
    }

    /** Counts controller invocations by name. */
    public static final class Calls {

        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        int increment(String name) {
            return counts.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        }

        public int get(String name) {
            AtomicInteger count = counts.get(name);
            return count == null ? 0 : count.get();
        }
    }

    /** Collects every timing the response time filter reports. */
    public static final class Timings implements ResponseTimeListener {

        final List<ResponseTiming> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onResponse(ResponseTiming timing) {
            seen.add(timing);
        }
    }

    /** A deterministic text of about {@code size} characters, compressible like real content. */
    public static String text(String seed, int size) {
        StringBuilder out = new StringBuilder(size + 64);
        int i = 0;
        while (out.length() < size) {
            out.append(seed).append(" line ").append(i).append(": the moon enters sign ").append(i % 12)
                    .append(" while Mercury is ").append(i % 3 == 0 ? "retrograde" : "direct").append(". ");
            i++;
        }
        return out.toString();
    }

    @RestController
    static class Endpoints {

        private final Calls calls;

        Endpoints(Calls calls) {
            this.calls = calls;
        }

        @GetMapping("/api/templates/{key}")
        Map<String, Object> template(@PathVariable String key) {
            calls.increment("template:" + key);
            ResponseCacheTags.add(EntityTag.of("template", key));
            return Map.of("key", key, "body", text(key, 4000));
        }

        @GetMapping("/api/businesses/{id}/content/{type}")
        ResponseEntity<Map<String, Object>> content(@PathVariable long id, @PathVariable String type,
                @RequestHeader(name = "Authorization", required = false) String authorization) {
            int call = calls.increment("content:" + id);
            return ResponseEntity.ok()
                    .header(ResponseCacheTags.HEADER, "business:" + id)
                    .body(Map.of("businessId", id, "type", type, "for", String.valueOf(authorization), "call", call,
                            "body", text(type + id, 3000)));
        }

        @GetMapping("/api/async")
        java.util.concurrent.CompletableFuture<Map<String, Object>> async() {
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> Map.of("body", text("async", 3000)));
        }

        @GetMapping("/api/small")
        Map<String, Object> small() {
            return Map.of("ok", true);
        }

        @GetMapping("/api/large")
        Map<String, Object> large() {
            calls.increment("large");
            return Map.of("body", text("large", 5000));
        }

        @GetMapping("/api/no-transform")
        ResponseEntity<String> noTransform() {
            return ResponseEntity.ok().header("Cache-Control", "no-transform").contentType(MediaType.TEXT_PLAIN)
                    .body(text("raw", 3000));
        }

        @GetMapping("/api/cookie")
        ResponseEntity<String> cookie() {
            calls.increment("cookie");
            return ResponseEntity.ok().header("Set-Cookie", "session=abc").contentType(MediaType.TEXT_PLAIN)
                    .body(text("cookie", 2000));
        }

        @GetMapping(value = "/page", produces = MediaType.TEXT_HTML_VALUE)
        String page() {
            return "<!doctype html><title>page</title><p>hello</p>";
        }

        @PostMapping("/api/users")
        ResponseEntity<Map<String, Object>> createUser() {
            return ResponseEntity.status(201).body(Map.of("id", calls.increment("users")));
        }

        @PostMapping("/api/login")
        Map<String, Object> login() {
            return Map.of("ok", true);
        }

        @GetMapping("/api/admin/stats")
        Map<String, Object> admin() {
            return Map.of("admin", true);
        }
    }
}
