package com.corpastro.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.testing.EmbeddedPostgresServer;
import com.corpastro.testing.EmbeddedRedisServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as a load test meets it: its own PostgreSQL and Redis (fresh for every run), the
 * backend's repackaged jar started as a separate JVM on a free port in one {@link Mode}, a seeded
 * working set of businesses whose content is already generated, and the bytes its answers take.
 *
 * <p>Rate limits stay on in the optimized mode but are raised to a billion requests a minute for
 * every endpoint type, so that they never trip under load; the optimizations-off mode has none.
 */
public final class ServiceUnderTest implements AutoCloseable {

    /** The day every hot read asks for; fixed so that runs on different days do the same work. */
    public static final String HOT_DATE = "2026-06-15";
    /** The content types read by the hot working set, each for {@link #HOT_DATE}. */
    public static final List<String> CONTENT_TYPES = List.of("daily_horoscope", "weekly_forecast", "monthly_outlook");
    /** The {@code Accept-Encoding} of every content read the simulations send, warm-ups included. */
    public static final String READ_ACCEPT_ENCODING = "br, gzip";
    /** What every endpoint type's limit is raised to, per minute. */
    static final long RAISED_LIMIT = 1_000_000_000L;
    static final List<String> ENDPOINT_TYPES = List.of("auth", "content", "api", "public", "admin", "graphql");

    private static final Logger log = LoggerFactory.getLogger(ServiceUnderTest.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The service's JVM options unless {@code loadtest.service-jvm-args} replaces them (the bare app gets the
     * same): {@code -Xms} and {@code -Xmx} from {@code loadtest.service-heap} (1g; 10,000 idle SSE streams need
     * about 2g) and G1. The initial heap is the maximum, as for a latency-sensitive service in production: at the
     * JVM's default initial heap (1/64 of the machine's memory) G1 kept its young generation small and ran a
     * marking cycle every 2-3 s under the hot-read load.
     */
    public static List<String> defaultJvmOptions() {
        String heap = System.getProperty("loadtest.service-heap", "1g").trim();
        if (!heap.matches("[1-9][0-9]*[mMgG]")) {
            throw new IllegalArgumentException("loadtest.service-heap must be a size such as 1g or 1536m, was '" + heap + "'");
        }
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC");
    }

    /** One business of the working set and the token of its owner. */
    public record Business(long id, String ownerToken) {
    }

    /** Body bytes of the same answer asked for with {@code Accept-Encoding: br} and with identity. */
    public record ResponseBytes(String path, long br, String brEncoding, long identity) {
    }

    /** One answer as it came over the wire: status, {@code Content-Encoding} ("identity" without one) and body. */
    public record Answer(int status, String contentEncoding, byte[] body) {
    }

    /** A content read: its path with the query, and the owner's token. */
    public record Read(String path, String token) {
    }

    private final Mode mode;
    private final Path backendJar;
    private final Path logFile;
    private final List<String> extraArguments;
    private final List<String> jvmOptions;
    private final boolean withRedis;
    private final int port;
    private final String adminToken = "load-admin-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicLong signUps = new AtomicLong();

    private EmbeddedPostgresServer postgres;
    private EmbeddedRedisServer redis;
    private String databaseUrl;
    private Process process;
    private Thread stopOnExit;
    private volatile List<Business> businesses = List.of();

    /**
     * @param extraArguments more {@code --property=value} arguments for the service, e.g. to try a
     *                       setting's effect on the figures
     */
    public ServiceUnderTest(Mode mode, Path backendJar, Path logFile, List<String> extraArguments) {
        this(mode, backendJar, logFile, extraArguments, defaultJvmOptions(), true);
    }

    /**
     * @param jvmOptions options of the service's JVM (heap, GC), {@link #defaultJvmOptions()} by default
     * @param withRedis  false: no Redis is started and {@code REDIS_URL} is unset, so the service caches in its
     *                   process only
     */
    public ServiceUnderTest(Mode mode, Path backendJar, Path logFile, List<String> extraArguments,
            List<String> jvmOptions, boolean withRedis) {
        if (!Files.isRegularFile(backendJar)) {
            throw new IllegalArgumentException("backend jar not found: " + backendJar
                    + " (build it with ./mvnw -pl loadtest -am package -DskipTests)");
        }
        this.mode = mode;
        this.backendJar = backendJar;
        this.logFile = logFile;
        this.extraArguments = List.copyOf(extraArguments);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.withRedis = withRedis;
        this.port = freePort();
    }

    public Mode mode() {
        return mode;
    }

    /** The service's process id (for jcmd), once started. */
    public long pid() {
        return process.pid();
    }

    /** The service's maximum heap, as given to -Xmx (the last one), or "default" without one. */
    public String heap() {
        return jvmOptions.stream().filter(option -> option.startsWith("-Xmx")).reduce((first, last) -> last)
                .map(option -> option.substring(4)).orElse("default");
    }

    /** The admin token the service was started with. */
    public String adminToken() {
        return adminToken;
    }

    /** {@code http://127.0.0.1:<port>}, known before {@link #start()}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts PostgreSQL, Redis and the service, and waits until the service answers. */
    public void start() {
        long started = System.nanoTime();
        postgres = EmbeddedPostgresServer.start();
        databaseUrl = postgres.createDatabase();
        redis = withRedis ? EmbeddedRedisServer.start() : null;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", backendJar.toString(),
                "--server.port=" + port, "--corp-astro.demo.enabled=false",
                // Cold reads generate thousands of new contents per owner in a run: a quota so high it
                // never trips, still counted, so its statement per generation stays in the figures (as the
                // raised rate limits below stay checked).
                "--corp-astro.content.generation-quota=" + RAISED_LIMIT));
        for (String type : ENDPOINT_TYPES) {
            command.add("--corp-astro.http.endpoint-types." + type + ".limit=" + RAISED_LIMIT);
        }
        command.add("--corp-astro.auth.token-lookups-per-minute=" + RAISED_LIMIT);
        command.addAll(extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()));
        Map<String, String> env = builder.environment();
        env.put("DATABASE_URL", databaseUrl);
        env.put("DATABASE_USER", postgres.username());
        env.put("DATABASE_PASSWORD", "");
        if (redis != null) {
            env.put("REDIS_URL", redis.url());
        } else {
            env.remove("REDIS_URL");
        }
        env.put("CORP_ASTRO_ADMIN_TOKEN", adminToken);
        env.put("CORP_ASTRO_PERFORMANCE_ENABLED", Boolean.toString(mode.optimized()));
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
            // Should the load-test JVM end without closing this, the service must not outlive it.
            stopOnExit = ChildProcesses.stopOnExit(this::stopProcesses, "service-under-test-stop");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        awaitReady(Duration.ofMinutes(3));
        log.info("event=service_started mode={} port={} pid={} redis={} jvm=\"{}\" log={} ms={}", mode.key(), port,
                process.pid(), redis != null, String.join(" ", jvmOptions), logFile,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (send(get("/api/system/ping", null)).statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the service did not answer within " + timeout + "; see " + logFile);
    }

    /**
     * Signs up {@code users} users and imports {@code count} businesses through the admin import,
     * owned round robin by those users.
     */
    public void seed(int users, int count) {
        List<Long> userIds = new ArrayList<>();
        Map<Long, String> tokens = new HashMap<>();
        for (int i = 0; i < users; i++) {
            JsonNode created = signUp("owner-" + i + "-" + UUID.randomUUID() + "@example.com");
            long id = created.get("id").asLong();
            userIds.add(id);
            tokens.put(id, created.get("apiToken").asString());
        }
        Random random = new Random(42);
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            Instant foundedAt = Instant.parse("1900-01-01T00:00:00Z")
                    .plusSeconds((long) (random.nextDouble() * 125 * 365.25 * 86_400));
            rows.append(i == 0 ? "" : ",").append("{\"externalId\":\"load-").append(i)
                    .append("\",\"ownerId\":").append(userIds.get(i % users))
                    .append(",\"name\":\"Load Business ").append(i)
                    .append("\",\"foundedAt\":\"").append(foundedAt)
                    .append("\",\"latitude\":").append(Math.round((random.nextDouble() * 140 - 70) * 1e4) / 1e4)
                    .append(",\"longitude\":").append(Math.round((random.nextDouble() * 360 - 180) * 1e4) / 1e4)
                    .append('}');
        }
        rows.append(']');
        HttpResponse<String> imported = send(HttpRequest.newBuilder(uri("/api/admin/businesses/import"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2 + count / 10_000)).POST(HttpRequest.BodyPublishers.ofString(rows.toString()))
                .build());
        require(imported, 200, "business import");
        // The import answers counts, not ids: the working set is read back from the database it owns.
        List<Business> seeded = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(databaseUrl, postgres.username(), "");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT id, owner_id FROM businesses WHERE external_id LIKE 'load-%' ORDER BY id")) {
            while (rs.next()) {
                seeded.add(new Business(rs.getLong(1), tokens.get(rs.getLong(2))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the seeded businesses", e);
        }
        if (seeded.size() != count) {
            throw new IllegalStateException("seeded " + seeded.size() + " businesses, expected " + count);
        }
        businesses = List.copyOf(seeded);
        log.info("event=seeded mode={} users={} businesses={}", mode.key(), users, count);
    }

    /**
     * Reads every content type of every business for {@link #HOT_DATE} twice: the first read
     * generates it, the second is the first one that caches layers may keep.
     */
    public void warmUp(int threads) {
        warmUp(hotReads(), threads);
    }

    /** Every content type of every business for {@link #HOT_DATE}, each with its owner's token. */
    public List<Read> hotReads() {
        List<Read> reads = new ArrayList<>();
        for (Business business : businesses) {
            for (String type : CONTENT_TYPES) {
                reads.add(new Read(contentPath(business.id(), type, HOT_DATE), business.ownerToken()));
            }
        }
        return reads;
    }

    /**
     * Sends each of {@code reads} twice (two passes over the list), on {@code threads} threads, and logs
     * its progress every 10 seconds ({@code event=warm_up_progress}): the first read of a content
     * generates it, the second is the first one that caching layers may keep. They accept the codings the
     * measured reads accept ({@link #READ_ACCEPT_ENCODING}), so the response cache keeps the coding those
     * ask for: measured reads never compress an answer and store it again.
     */
    public void warmUp(List<Read> reads, int threads) {
        readAll(reads, threads, 2, READ_ACCEPT_ENCODING);
    }

    /**
     * Sends each of {@code reads} once in each of {@code codings} (an {@code Accept-Encoding} value each),
     * so that the response cache holds every answer in every coding before a measured phase: an
     * answer's other codings are made on their first request, which a measured phase should not see.
     */
    public void readInCodings(List<Read> reads, int threads, List<String> codings) {
        for (String coding : codings) {
            readAll(reads, threads, 1, coding);
        }
    }

    private void readAll(List<Read> reads, int threads, int passes, String acceptEncoding) {
        long started = System.nanoTime();
        AtomicLong done = new AtomicLong();
        AtomicLong lastLog = new AtomicLong(started);
        long total = reads.size() * (long) passes;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int pass = 0; pass < passes; pass++) {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int offset = t;
                    workers.add(pool.submit(() -> {
                        for (int i = offset; i < reads.size(); i += threads) {
                            int status = sendBytes(get(reads.get(i).path(), reads.get(i).token())
                                    .header("Accept-Encoding", acceptEncoding).build()).statusCode();
                            if (status != 200) {
                                throw new IllegalStateException("warm-up read of " + reads.get(i).path() + " in "
                                        + acceptEncoding + " answered " + status);
                            }
                            long n = done.incrementAndGet();
                            long now = System.nanoTime();
                            long last = lastLog.get();
                            if (now - last > TimeUnit.SECONDS.toNanos(10) && lastLog.compareAndSet(last, now)) {
                                log.info("event=warm_up_progress mode={} coding={} reads={} of={} per_second={}",
                                        mode.key(), acceptEncoding, n, total, Math.round(n / ((now - started) / 1e9)));
                            }
                        }
                    }));
                }
                for (Future<?> f : workers) {
                    f.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("warm-up failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        log.info("event=warmed_up mode={} coding={} reads={} ms={}", mode.key(), acceptEncoding, total,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Registers {@code query} as a persisted query (POST with its SHA-256, Apollo APQ) and runs it
     * over GET twice for every owner: the first GET generates what it asks for, the second is the
     * first one the response cache keeps. Returns the GET path (no variables, no operation name).
     */
    public String warmUpPersistedQuery(String query) {
        long started = System.nanoTime();
        String hash = sha256(query);
        String extensions = "{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}";
        String body = JSON.writeValueAsString(Map.of("query", query, "extensions",
                Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash))));
        List<String> owners = businesses.stream().map(Business::ownerToken).distinct().toList();
        HttpResponse<String> registered = send(HttpRequest.newBuilder(uri("/graphql"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + owners.get(0))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        require(registered, 200, "persisted query registration");
        String path = "/graphql?extensions=" + URLEncoder.encode(extensions, StandardCharsets.UTF_8);
        for (int pass = 0; pass < 2; pass++) {
            for (String owner : owners) {
                HttpResponse<String> answer = send(get(path, owner));
                require(answer, 200, "persisted query warm-up");
                if (answer.body().contains("\"errors\"")) {
                    throw new IllegalStateException("persisted query warm-up answered errors: " + answer.body());
                }
            }
        }
        log.info("event=persisted_query_warmed_up mode={} owners={} ms={}", mode.key(), owners.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return path;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The working set, after {@link #seed}. */
    public List<Business> businesses() {
        return businesses;
    }

    public static String contentPath(long businessId, String type, String date) {
        return "/api/businesses/" + businessId + "/content/" + type + "?date=" + date;
    }

    /** The body bytes of one answer with {@code Accept-Encoding: br} and with identity. */
    public ResponseBytes measureBytes(String path, String token) {
        HttpResponse<byte[]> br = sendBytes(get(path, token).header("Accept-Encoding", "br").build());
        HttpResponse<byte[]> identity = sendBytes(get(path, token).header("Accept-Encoding", "identity").build());
        if (br.statusCode() != 200 || identity.statusCode() != 200) {
            throw new IllegalStateException("measuring " + path + " answered " + br.statusCode() + " and "
                    + identity.statusCode());
        }
        return new ResponseBytes(path, br.body().length,
                br.headers().firstValue("Content-Encoding").orElse("identity"), identity.body().length);
    }

    /** One answer to {@code path} with {@code Accept-Encoding: acceptEncoding}, its body as sent (never decoded). */
    public Answer fetch(String path, String token, String acceptEncoding) {
        HttpResponse<byte[]> answer = sendBytes(get(path, token).header("Accept-Encoding", acceptEncoding).build());
        return new Answer(answer.statusCode(), answer.headers().firstValue("Content-Encoding").orElse("identity"),
                answer.body());
    }

    /**
     * A meter's value from the actuator ({@code GET /actuator/metrics/<name>?tag=k:v}, as the admin): its first
     * measurement, the count of a counter or the value of a gauge.
     *
     * @param tags {@code key:value} pairs
     */
    public double metric(String name, String... tags) {
        StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
        for (int i = 0; i < tags.length; i++) {
            path.append(i == 0 ? '?' : '&').append("tag=").append(URLEncoder.encode(tags[i], StandardCharsets.UTF_8));
        }
        HttpResponse<String> answer = send(get(path.toString(), adminToken));
        require(answer, 200, "metric " + path);
        return JSON.readTree(answer.body()).at("/measurements/0/value").asDouble();
    }

    /** The heap in use after two full GCs ({@code jcmd GC.run}, then the actuator's {@code jvm.memory.used}). */
    public long heapUsedAfterGc() {
        ProcessMemory.fullGc(pid());
        return (long) metric("jvm.memory.used", "area:heap");
    }

    /** Whether the service runs with Redis ({@code REDIS_URL} set). */
    public boolean withRedis() {
        return withRedis;
    }

    private JsonNode signUp(String email) {
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"name\":\"Load Owner "
                        + signUps.incrementAndGet() + "\"}"))
                .build());
        require(created, 201, "sign-up");
        return JSON.readTree(created.body());
    }

    /** Stops the service (gracefully, then forcibly), Redis and PostgreSQL. */
    @Override
    public void close() {
        ChildProcesses.forget(stopOnExit);
        stopProcesses();
    }

    private synchronized void stopProcesses() {
        if (ChildProcesses.stop(process, Duration.ofSeconds(40))) {
            log.info("event=service_stopped mode={} pid={}", mode.key(), process.pid());
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private HttpRequest.Builder get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            // The JDK client never decodes Content-Encoding, so these are the bytes on the wire.
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void require(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A port nothing listens on now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
