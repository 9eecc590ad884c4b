package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/** The protocol, feeders and requests the simulations share. */
final class Requests {

    private static final String RESPONSE_TIME = "responseTime";

    private Requests() {
    }

    /**
     * The request, then its response time and outcome recorded under each of {@code rows}. Every
     * virtual user sends one request, so the session's failed flag is this request's.
     */
    static ChainBuilder measured(LoadRun run, HttpRequestActionBuilder request, String... rows) {
        return exec(request).exec(session -> {
            Number millis = session.contains(RESPONSE_TIME) ? session.get(RESPONSE_TIME) : null;
            boolean ok = !session.isFailed();
            for (String row : rows) {
                run.measurements().record(row, millis == null ? null : millis.longValue(), ok);
            }
            return session;
        });
    }

    /**
     * Keep-alive connections shared by all virtual users (as a client pool would), br or gzip
     * accepted, no client-side cache: every request reaches the server and gets a full answer.
     */
    static HttpProtocolBuilder protocol(LoadRun run) {
        return http.baseUrl(run.service().baseUrl())
                .acceptEncodingHeader("br, gzip")
                .userAgentHeader("corp-astro-loadtest")
                .shareConnections()
                .disableCaching()
                .disableWarmUp();
    }

    /** Random reads of the working set: any business, any content type, for the hot date. */
    static Iterator<Map<String, Object>> hotReads(LoadRun run) {
        return Stream.generate(() -> {
            List<ServiceUnderTest.Business> all = run.service().businesses();
            ServiceUnderTest.Business business = all.get(ThreadLocalRandom.current().nextInt(all.size()));
            String type = ServiceUnderTest.CONTENT_TYPES.get(
                    ThreadLocalRandom.current().nextInt(ServiceUnderTest.CONTENT_TYPES.size()));
            return Map.<String, Object>of("id", business.id(), "token", business.ownerToken(), "type", type,
                    "date", ServiceUnderTest.HOT_DATE);
        }).iterator();
    }

    /**
     * Reads nobody made before: business after business, each on a new day from 1950 on (the
     * working set's own day, {@link ServiceUnderTest#HOT_DATE}, is never reached by a run).
     */
    static Iterator<Map<String, Object>> firstReads(LoadRun run) {
        AtomicLong next = new AtomicLong();
        return Stream.generate(() -> {
            long n = next.getAndIncrement();
            List<ServiceUnderTest.Business> all = run.service().businesses();
            ServiceUnderTest.Business business = all.get((int) (n % all.size()));
            String date = java.time.LocalDate.of(1950, 1, 1).plusDays(n / all.size()).toString();
            return Map.<String, Object>of("id", business.id(), "token", business.ownerToken(),
                    "type", "daily_horoscope", "date", date);
        }).iterator();
    }

    /** Unique sign-up emails. */
    static Iterator<Map<String, Object>> signUps() {
        AtomicLong next = new AtomicLong();
        String run = Long.toString(System.currentTimeMillis(), 36);
        return Stream.generate(() -> Map.<String, Object>of("email",
                "load-" + run + "-" + next.incrementAndGet() + "@example.com")).iterator();
    }

    /** GET of the fed business's content; needs id, token, type and date in the session. */
    static HttpRequestActionBuilder readContent(String name) {
        return http(name).get("/api/businesses/#{id}/content/#{type}")
                .queryParam("date", "#{date}")
                .header("Authorization", "Bearer #{token}")
                .check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().is(200));
    }

    static HttpRequestActionBuilder ping(String name) {
        return http(name).get("/api/system/ping").check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().is(200));
    }

    /** A rename by the owner: invalidates the cached business and the content written from it. */
    static HttpRequestActionBuilder rename(String name) {
        return http(name).patch("/api/businesses/#{id}")
                .header("Authorization", "Bearer #{token}")
                .header("Content-Type", "application/json")
                .body(StringBody("{\"name\":\"Renamed #{id} #{randomInt(1000000)}\"}"))
                .check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().is(200));
    }

    static HttpRequestActionBuilder signUp(String name) {
        return http(name).post("/api/users")
                .header("Content-Type", "application/json")
                .body(StringBody("{\"email\":\"#{email}\",\"name\":\"Load Sign-up\"}"))
                .check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().is(201));
    }
}
