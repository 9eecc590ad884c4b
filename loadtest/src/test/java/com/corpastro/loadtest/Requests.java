package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
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
                .acceptEncodingHeader(ServiceUnderTest.READ_ACCEPT_ENCODING)
                .userAgentHeader("corp-astro-loadtest")
                .shareConnections()
                .disableCaching()
                .disableWarmUp();
    }

    /**
     * Random reads of the working set: any business, any content type, for the hot date. The
     * records are built once, so the load generator, which shares the machine's cores with the
     * service, spends no time per request assembling them.
     */
    static Iterator<Map<String, Object>> hotReads(LoadRun run) {
        return atRandom(() -> run.service().businesses().stream()
                .flatMap(business -> ServiceUnderTest.CONTENT_TYPES.stream()
                        .map(type -> read(business, type, ServiceUnderTest.HOT_DATE)))
                .toList());
    }

    /**
     * Random reads of the first {@code size} contents of {@link #workingSet}: content k is business k's
     * content type k mod 3, for the hot date, so every size mixes the three types alike.
     */
    static Iterator<Map<String, Object>> workingSetReads(LoadRun run, int size) {
        return atRandom(() -> {
            List<ServiceUnderTest.Business> all = run.service().businesses();
            return IntStream.range(0, size).mapToObj(k -> read(all.get(k),
                    ServiceUnderTest.CONTENT_TYPES.get(k % ServiceUnderTest.CONTENT_TYPES.size()),
                    ServiceUnderTest.HOT_DATE)).toList();
        });
    }

    /** The first {@code size} contents of the working set (see {@link #workingSetReads}), for the warm-up. */
    static List<ServiceUnderTest.Read> workingSet(ServiceUnderTest service, int size) {
        List<ServiceUnderTest.Business> all = service.businesses();
        if (size > all.size()) {
            throw new IllegalArgumentException("a working set of " + size + " contents needs " + size
                    + " businesses, " + all.size() + " are seeded");
        }
        return IntStream.range(0, size).mapToObj(k -> new ServiceUnderTest.Read(
                ServiceUnderTest.contentPath(all.get(k).id(),
                        ServiceUnderTest.CONTENT_TYPES.get(k % ServiceUnderTest.CONTENT_TYPES.size()),
                        ServiceUnderTest.HOT_DATE),
                all.get(k).ownerToken())).toList();
    }

    /**
     * Records picked at random from a list built on the first pull (the simulation creates its feeders
     * before the working set exists).
     */
    private static Iterator<Map<String, Object>> atRandom(Supplier<List<Map<String, Object>>> records) {
        AtomicReference<List<Map<String, Object>>> reads = new AtomicReference<>();
        return Stream.generate(() -> {
            List<Map<String, Object>> all = reads.get();
            if (all == null) {
                reads.compareAndSet(null, records.get());
                all = reads.get();
            }
            return all.get(ThreadLocalRandom.current().nextInt(all.size()));
        }).iterator();
    }

    /** A feeder record for {@link #readContent}: the request path with its query, and the header value. */
    private static Map<String, Object> read(ServiceUnderTest.Business business, String type, String date) {
        return Map.of("id", business.id(), "token", business.ownerToken(), "type", type, "date", date,
                "contentPath", "/api/businesses/" + business.id() + "/content/" + type + "?date=" + date,
                "authorization", "Bearer " + business.ownerToken());
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
            return read(business, "daily_horoscope", date);
        }).iterator();
    }

    /** Unique sign-up emails. */
    static Iterator<Map<String, Object>> signUps() {
        AtomicLong next = new AtomicLong();
        String run = Long.toString(System.currentTimeMillis(), 36);
        return Stream.generate(() -> Map.<String, Object>of("email",
                "load-" + run + "-" + next.incrementAndGet() + "@example.com")).iterator();
    }

    /** GET of the fed business's content; needs a record of {@link #hotReads} or {@link #firstReads}. */
    static HttpRequestActionBuilder readContent(String name) {
        return http(name).get("#{contentPath}")
                .header("Authorization", "#{authorization}")
                .check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().is(200));
    }

    /**
     * Owners at random, with the path of the persisted GraphQL query: {@code persistedPath} is
     * known only once the query is registered, in the simulation's {@code before()}.
     */
    static Iterator<Map<String, Object>> persistedReads(LoadRun run, AtomicReference<String> persistedPath) {
        AtomicReference<List<Map<String, Object>>> reads = new AtomicReference<>();
        return Stream.generate(() -> {
            List<Map<String, Object>> all = reads.get();
            if (all == null) {
                reads.compareAndSet(null, run.service().businesses().stream()
                        .map(ServiceUnderTest.Business::ownerToken).distinct()
                        .map(token -> Map.<String, Object>of("graphqlPath", persistedPath.get(),
                                "authorization", "Bearer " + token))
                        .toList());
                all = reads.get();
            }
            return all.get(ThreadLocalRandom.current().nextInt(all.size()));
        }).iterator();
    }

    /**
     * GET of the persisted GraphQL query for the fed owner. Only an answer without errors carries its
     * fields' {@code Cache-Control} (errors are {@code private, no-cache}), so a header check tells
     * them apart without decoding the body, which would cost the shared cores more than the REST check.
     */
    static HttpRequestActionBuilder persistedQuery(String name) {
        return http(name).get("#{graphqlPath}")
                .header("Authorization", "#{authorization}")
                .check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().is(200),
                        header("Cache-Control").is("private, max-age=60"));
    }

    /** GET of the bare comparison app's fixed answer (an absolute URL: it is not the service). */
    static HttpRequestActionBuilder bare(String name, String url) {
        return http(name).get(url).check(responseTimeInMillis().saveAs(RESPONSE_TIME), status().is(200));
    }

    /**
     * {@code populations} one after the other (each starts when the one before has ended): Gatling's
     * {@code andThen}, nested from the last.
     */
    static PopulationBuilder inSequence(List<PopulationBuilder> populations) {
        PopulationBuilder chain = populations.get(populations.size() - 1);
        for (int i = populations.size() - 2; i >= 0; i--) {
            chain = populations.get(i).andThen(chain);
        }
        return chain;
    }

    /** A population of one user that runs {@code action} (blocking, between measured phases) once. */
    static PopulationBuilder step(String name, Runnable action) {
        return scenario(name).exec(session -> {
            action.run();
            return session;
        }).injectOpen(atOnceUsers(1));
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
