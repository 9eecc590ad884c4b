package com.corpastro.backend.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.backend.resilience.ClientLoad.Client;
import com.corpastro.backend.resilience.ClientLoad.Reply;
import com.corpastro.backend.resilience.MalformedRequests.Request;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input at volume: at least {@value #REQUESTS} randomised malformed requests against every
 * endpoint of two instances, as a real user, as the admin and anonymously, through a real HTTP
 * client and, for what no client would send, a raw socket. No answer may be a 5xx, every error
 * is problem+json with a {@code code}, the service is healthy afterwards and no stored row
 * changed. The seed is logged; {@code -Dfuzz.seed=<n>} replays a run, {@code -Dfuzz.seed=random}
 * explores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputFuzzTest {

    private static final Logger log = LoggerFactory.getLogger(MalformedInputFuzzTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int REQUESTS = 10_000;
    private static final int THREADS = 4;
    private static final long DEFAULT_SEED = 20261126L;
    private static final List<String> TABLES = List.of("users ORDER BY id", "businesses ORDER BY id",
            "content ORDER BY id", "content_templates ORDER BY template_key");

    /** A response that breaks a rule, with what was sent. */
    record Violation(String rule, String request, int status, String contentType, String body) {
    }

    private TwoNodeCluster cluster;

    @BeforeAll
    void startCluster() {
        Map<String, String> unlimited = new java.util.HashMap<>();
        for (String type : List.of("auth", "content", "api", "public", "admin")) {
            unlimited.put("corp-astro.http.endpoint-types." + type + ".limit", "100000000");
        }
        cluster = TwoNodeCluster.start(unlimited);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** One request for each defect the fuzzer found, each answered as it is now. */
    @Test
    void whatTheFuzzerFoundStaysFixed() throws Exception {
        int port = cluster.node(0).port();
        Client client = new ClientLoad(ClientLoad.roundRobin(t -> cluster.nodes())).client(0);
        String token = client.signUp("fixed", Map.of()).get("apiToken").asString();
        long business = client.createBusiness(token, "Fuzz Target", "1999-09-09T09:09:09Z");
        String admin = TwoNodeCluster.ADMIN_TOKEN;
        // NUL, other control characters and unpaired surrogates in names cannot be stored: 400, not 500.
        assertProblem(client.send("nul", "POST", "/api/users", null,
                "{\"email\":\"nul@example.com\",\"name\":\"x\\u0000y\"}", Map.of()), 400, "validation_failed");
        assertProblem(client.send("surrogate", "PATCH", "/api/businesses/" + business, token,
                "{\"name\":\"\\ud800\"}", Map.of()), 400, "validation_failed");
        // A number or boolean is not a name.
        assertProblem(client.send("number", "POST", "/api/users", null,
                "{\"email\":\"number@example.com\",\"name\":1e400}", Map.of()), 400, "malformed_request_body");
        assertProblem(client.send("boolean", "PATCH", "/api/businesses/" + business, token, "{\"name\":true}",
                Map.of()), 400, "malformed_request_body");
        // A CSV row with more values than the header names is a bad row.
        assertThat(RawHttp.exchange(port, raw("POST /api/admin/businesses/import", admin, "text/csv",
                "externalId,ownerId,name,foundedAt,latitude,longitude\na,1,n,2001-01-01T00:00:00Z,1,1,extra\n"))
                .text()).contains("\"code\":\"invalid_import_row\"");
        // Undecodable query strings, path parameters and HTTP versions are the client's error.
        assertProblem(client.get("query", "/api/admin/metrics?type=%C3%28", admin), 400, "invalid_parameter");
        RawHttp.Answer path = RawHttp.exchange(port, raw("GET /api/users/me;x=%zz", token, null, null));
        assertThat(path.status()).isEqualTo(400);
        assertThat(path.text()).contains("\"code\":\"invalid_path\"");
        RawHttp.Answer version = RawHttp.exchange(port,
                "GET /api/users/me HTTP/1.2\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.text()).contains("\"code\":\"unsupported_http_version\"");
        // A bare 404 from Actuator, a blank Accept on the Prometheus scrape, a bad Range on the dashboard.
        assertProblem(client.get("health", "/actuator/health/nope", admin), 404, "not_found");
        assertThat(client.send("scrape", "GET", "/actuator/prometheus", admin, null, Map.of("Accept", "")).status())
                .isEqualTo(200);
        Reply dashboard = client.send("range", "GET", "/dashboard", admin, null, Map.of("Range", "bytes=abc"));
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.contentType()).startsWith("text/html");
    }

    private static byte[] raw(String requestLine, String token, String contentType, String body) {
        StringBuilder request = new StringBuilder(requestLine).append(" HTTP/1.1\r\nHost: x\r\n");
        request.append("Authorization: Bearer ").append(token).append("\r\n");
        if (contentType != null) {
            request.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(request.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("code").asString()).isEqualTo(code);
    }

    @Test
    void tenThousandMalformedRequestsGetProblemsNeverA5xxAndChangeNoData() throws Exception {
        String seedProperty = System.getProperty("fuzz.seed", Long.toString(DEFAULT_SEED));
        long seed = seedProperty.equals("random") ? System.nanoTime() : Long.parseLong(seedProperty);
        log.info("event=fuzz_start seed={} requests={} threads={}", seed, REQUESTS, THREADS);

        {
            Client setup = new ClientLoad(ClientLoad.roundRobin(t -> cluster.nodes())).client(0);
            JsonNode fuzzUser = setup.signUp("fuzz", Map.of());
            String token = fuzzUser.get("apiToken").asString();
            long ownBusiness = setup.createBusiness(token, "Fuzz Target", "1999-09-09T09:09:09Z");
            long otherBusiness = setup.createBusiness(setup.signUp("other", Map.of()).get("apiToken").asString(),
                    "Fuzz Target", "1999-09-09T09:09:09Z");
            // Today's content exists before the snapshot: a request without a date only reads it.
            for (TwoNodeCluster.Node node : cluster.nodes()) {
                Client client = new ClientLoad(ClientLoad.roundRobin(t -> List.of(node))).client(0);
                for (String type : List.of("daily_horoscope", "weekly_forecast", "monthly_outlook")) {
                    assertThat(client.get("warm", "/api/businesses/" + ownBusiness + "/content/" + type, token)
                            .status()).isEqualTo(200);
                }
            }
            List<String> before = snapshot(cluster);

            ConcurrentLinkedQueue<Violation> violations = new ConcurrentLinkedQueue<>();
            AtomicLong sent = new AtomicLong();
            AtomicLong rawSent = new AtomicLong();
            AtomicLong noResponse = new AtomicLong();
            AtomicLong[] byClass = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong(),
                    new AtomicLong(), new AtomicLong()};
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            List<Thread> threads = new ArrayList<>();
            ConcurrentLinkedQueue<Throwable> crashes = new ConcurrentLinkedQueue<>();
            long started = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    MalformedRequests requests = new MalformedRequests(new Random(seed + thread), token, ownBusiness,
                            otherBusiness, TwoNodeCluster.ADMIN_TOKEN);
                    try {
                        for (int i = thread; i < REQUESTS; i += THREADS) {
                            Request request = requests.next();
                            int port = cluster.node(i % 2).port();
                            Answer answer = send(http, port, request);
                            sent.incrementAndGet();
                            if (answer.raw()) {
                                rawSent.incrementAndGet();
                            }
                            check(request, answer, "thread " + thread + " #" + i, violations, noResponse, byClass);
                        }
                    } catch (Throwable e) {
                        crashes.add(e);
                    }
                }, "fuzz-" + t);
                worker.start();
                threads.add(worker);
            }
            for (Thread worker : threads) {
                worker.join();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(crashes).as("fuzz threads").isEmpty();

            List<String> after = snapshot(cluster);
            long changedRows = changed(before, after);
            boolean healthy = healthy(cluster, token, ownBusiness);
            log.info("event=fuzz_done seed={} requests={} raw_socket={} ms={} status_1xx_2xx={} status_3xx={} "
                    + "status_4xx={} status_5xx={} no_response={} violations={} rows_changed={} healthy={}", seed,
                    sent.get(), rawSent.get(), millis, byClass[1].get() + byClass[2].get(), byClass[3].get(),
                    byClass[4].get(), byClass[5].get(), noResponse.get(), violations.size(), changedRows, healthy);
            violations.stream().collect(java.util.stream.Collectors.groupingBy(
                    v -> v.rule() + " " + v.status() + " " + v.request().replaceAll("^thread \\d+ #\\d+ ", "")
                            .split(" ")[0] + " " + v.request().replaceAll("^thread \\d+ #\\d+ ", "").split(" ")[1],
                    java.util.stream.Collectors.counting()))
                    .forEach((kind, n) -> log.warn("event=fuzz_violation_kind kind=\"{}\" count={}", kind, n));
            diff(before, after).stream().limit(20).forEach(row -> log.warn("event=fuzz_row_changed row=\"{}\"", row));
            violations.stream().limit(30).forEach(v -> log.warn("event=fuzz_violation seed={} rule={} status={} "
                    + "contentType={} request=\"{}\" body=\"{}\"", seed, v.rule(), v.status(), v.contentType(),
                    v.request(), v.body()));

            assertThat(sent.get()).isGreaterThanOrEqualTo(REQUESTS);
            assertThat(violations.stream().limit(10).map(v -> v.rule() + " " + v.status() + " " + v.request()))
                    .as("answers that break the rules (seed %d)", seed).isEmpty();
            assertThat(byClass[5].get()).as("5xx answers (seed %d)", seed).isZero();
            assertThat(healthy).as("healthy after the fuzz").isTrue();
            assertThat(after).as("stored rows after the fuzz (seed %d)", seed).isEqualTo(before);
        }
    }

    /** What came back, by either transport. */
    record Answer(int status, String contentType, String body, boolean raw, boolean readable) {

        Answer(int status, String contentType, String body, boolean raw) {
            this(status, contentType, body, raw, true);
        }
    }

    /** Whether the test can read a body sent with {@code encoding} (br and zstd it takes on trust). */
    private static boolean readable(String encoding) {
        return encoding.isEmpty() || encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("identity");
    }

    private static Answer send(HttpClient http, int port, Request request) throws InterruptedException {
        if (!request.raw()) {
            HttpRequest built = build(port, request);
            if (built != null) {
                try {
                    HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
                    String encoding = response.headers().firstValue("Content-Encoding").orElse("");
                    RawHttp.Answer decoded = new RawHttp.Answer(response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(""), encoding, response.body());
                    return new Answer(response.statusCode(), decoded.contentType(), decoded.text(), false,
                            readable(encoding));
                } catch (IOException e) {
                    return new Answer(-1, "", String.valueOf(e), false);
                }
            }
        }
        try {
            RawHttp.Answer answer = RawHttp.exchange(port, rawBytes(port, request));
            return new Answer(answer.status(), answer.contentType(), answer.text(), true,
                    readable(answer.contentEncoding()));
        } catch (IOException e) {
            return new Answer(-1, "", String.valueOf(e), true);
        }
    }

    /** The request as the JDK client sends it, or null when the client refuses it. */
    private static HttpRequest build(int port, Request request) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + new String(request.target(), StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(20))
                    .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            for (String[] header : request.headers()) {
                builder.header(header[0], header[1]);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] rawBytes(int port, Request request) {
        if (request.wholeRequest() != null) {
            return request.wholeRequest();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((request.method() + " ").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(request.target());
        StringBuilder head = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
        for (String[] header : request.headers()) {
            head.append(header[0]).append(": ").append(header[1]).append("\r\n");
        }
        if (request.body() != null) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (request.body() != null) {
            out.writeBytes(request.body());
        }
        return out.toByteArray();
    }

    private static void check(Request request, Answer answer, String where, ConcurrentLinkedQueue<Violation> violations,
            AtomicLong noResponse, AtomicLong[] byClass) {
        String described = where + " " + request.describe();
        if (answer.status() < 0) {
            noResponse.incrementAndGet();
            // Only a socket can send something the server may rightly hang up on, or a head over
            // Tomcat's 8 KB limit: the server answers 400 and closes while the client still sends,
            // and the reset can swallow the answer.
            if (!answer.raw() && headSize(request) < 8 * 1024) {
                violations.add(new Violation("no_response", described, -1, "", answer.body()));
            }
            return;
        }
        byClass[Math.min(answer.status() / 100, 5)].incrementAndGet();
        String excerpt = answer.body().length() > 300 ? answer.body().substring(0, 300) : answer.body();
        if (answer.status() >= 500) {
            violations.add(new Violation("server_error", described, answer.status(), answer.contentType(), excerpt));
            return;
        }
        if (answer.status() < 300 && List.of("POST", "PATCH", "PUT", "DELETE").contains(request.method())) {
            // Nothing sent is valid: a write that succeeds is a defect the service let through.
            violations.add(new Violation("write_accepted", described, answer.status(), answer.contentType(), excerpt));
            return;
        }
        if (answer.status() < 400 || request.method().equals("HEAD")) {
            return;
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            violations.add(new Violation("not_problem_json", described, answer.status(), answer.contentType(), excerpt));
            return;
        }
        if (!answer.readable()) {
            return;
        }
        try {
            JsonNode code = JSON.readTree(answer.body()).get("code");
            if (code == null || code.asString().isBlank()) {
                violations.add(new Violation("no_code", described, answer.status(), answer.contentType(), excerpt));
            }
        } catch (RuntimeException e) {
            violations.add(new Violation("unreadable_problem", described, answer.status(), answer.contentType(),
                    excerpt));
        }
    }

    private static int headSize(Request request) {
        return request.target().length + request.headers().stream().mapToInt(h -> h[0].length() + h[1].length() + 4)
                .sum();
    }

    private static boolean healthy(TwoNodeCluster cluster, String token, long business) {
        for (TwoNodeCluster.Node node : cluster.nodes()) {
            Client client = new ClientLoad(ClientLoad.roundRobin(t -> List.of(node))).client(0);
            Reply health = client.get("health", "/actuator/health", TwoNodeCluster.ADMIN_TOKEN);
            Reply business200 = client.get("business", "/api/businesses/" + business, token);
            Reply content = client.get("content", "/api/businesses/" + business + "/content/daily_horoscope", token);
            if (health.status() != 200 || !health.json().get("status").asString().equals("UP")
                    || business200.status() != 200 || content.status() != 200) {
                log.warn("event=fuzz_unhealthy node={} health={} business={} content={}", node.name(),
                        health.status(), business200.status(), content.status());
                return false;
            }
        }
        return true;
    }

    /** Every row of the service's tables, as text. */
    private static List<String> snapshot(TwoNodeCluster cluster) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = cluster.database().getConnection()) {
            for (String table : TABLES) {
                try (ResultSet rs = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table.substring(0, table.indexOf(' '))).append(':');
                        for (int c = 1; c <= columns; c++) {
                            row.append(rs.getMetaData().getColumnName(c)).append('=').append(rs.getString(c)).append(';');
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }

    private static List<String> diff(List<String> before, List<String> after) {
        java.util.Set<String> was = new java.util.HashSet<>(before);
        java.util.Set<String> is = new java.util.HashSet<>(after);
        List<String> changes = new ArrayList<>();
        after.stream().filter(row -> !was.contains(row)).forEach(row -> changes.add("+ " + row));
        before.stream().filter(row -> !is.contains(row)).forEach(row -> changes.add("- " + row));
        return changes;
    }

    private static long changed(List<String> before, List<String> after) {
        java.util.Set<String> was = new java.util.HashSet<>(before);
        java.util.Set<String> is = new java.util.HashSet<>(after);
        return after.stream().filter(row -> !was.contains(row)).count()
                + before.stream().filter(row -> !is.contains(row)).count();
    }
}
