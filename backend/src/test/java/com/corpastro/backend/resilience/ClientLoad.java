package com.corpastro.backend.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.awaitility.Awaitility;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bounded concurrent load: a fixed number of client threads, each running its workload in a
 * loop with real HTTP until stopped, recording what every response was (status, content type,
 * problem {@code code}) and in which phase of the test it was sent.
 */
final class ClientLoad {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Status recorded when no HTTP answer came at all (connection refused or reset). */
    static final int NO_RESPONSE = -1;

    /**
     * One request as a client saw it; {@code sentAtNanos} ({@link System#nanoTime()}) and
     * {@code nanos} say when it was sent and how long its answer took.
     */
    record Outcome(String phase, String node, String operation, int status, String contentType, String code,
            boolean retried, long sentAtNanos, long nanos) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean problemJson() {
            return contentType.startsWith("application/problem+json") && !code.isEmpty();
        }

        boolean databaseUnavailable() {
            return status == 503 && problemJson() && code.equals("database_unavailable");
        }
    }

    /** A response as the workload sees it. */
    record Reply(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** Chooses, per request, which nodes to try in order: a model of the load balancer. */
    interface Router {
        List<TwoNodeCluster.Node> route(int thread, long sequence);
    }

    /** What one client thread does in each iteration. */
    interface Workload {
        void step(Client client, Random random, long iteration) throws InterruptedException;
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicReference<String> phase = new AtomicReference<>("warm-up");
    private final AtomicLong sequence = new AtomicLong();
    private final Router router;

    ClientLoad(Router router) {
        this.router = router;
    }

    /** Round robin over the given nodes; a node that does not answer is retried on the next one. */
    static Router roundRobin(IntFunction<List<TwoNodeCluster.Node>> nodes) {
        return (thread, sequence) -> {
            List<TwoNodeCluster.Node> all = nodes.apply(thread);
            List<TwoNodeCluster.Node> order = new ArrayList<>(all.size());
            for (int i = 0; i < all.size(); i++) {
                order.add(all.get((int) ((sequence + i) % all.size())));
            }
            return order;
        };
    }

    /** Labels the outcomes recorded from now on. */
    void phase(String name) {
        phase.set(name);
    }

    /** Waits until {@code count} requests sent in the current phase have their outcome recorded. */
    void awaitRequests(int count, Duration atMost) {
        String current = phase.get();
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> outcomes.stream().filter(o -> o.phase().equals(current)).count() >= count);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** A client for one thread: every call is routed, sent and recorded. */
    Client client(int thread) {
        return new Client(thread);
    }

    final class Client {

        private final int thread;

        private Client(int thread) {
            this.thread = thread;
        }

        int thread() {
            return thread;
        }

        Reply get(String operation, String path, String token) {
            return send(operation, "GET", path, token, null, Map.of());
        }

        /**
         * Signs up a user called {@code name} with an e-mail address of its own, sending {@code headers}
         * too (an {@code X-Forwarded-For}, say); fails unless it answers 201. The user: {@code id}, {@code apiToken}.
         */
        JsonNode signUp(String name, Map<String, String> headers) {
            String email = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-" + System.nanoTime()
                    + "@example.com";
            Reply user = send("sign_up", "POST", "/api/users", null,
                    "{\"email\":\"" + email + "\",\"name\":\"" + name + "\"}", headers);
            if (user.status() != 201) {
                throw new AssertionError("sign-up answered " + user.status() + ": " + user.body());
            }
            return user.json();
        }

        /** Creates a business in London for {@code token}'s user; fails unless it answers 201. Its id. */
        long createBusiness(String token, String name, String foundedAt) {
            Reply business = send("create_business", "POST", "/api/businesses", token, "{\"name\":\"" + name
                    + "\",\"foundedAt\":\"" + foundedAt + "\",\"latitude\":51.5072,\"longitude\":-0.1276}", Map.of());
            if (business.status() != 201) {
                throw new AssertionError("business creation answered " + business.status() + ": " + business.body());
            }
            return business.json().get("id").asLong();
        }

        Reply send(String operation, String method, String path, String token, String json,
                Map<String, String> headers) {
            List<TwoNodeCluster.Node> targets = router.route(thread, sequence.getAndIncrement());
            Reply reply = null;
            for (int attempt = 0; attempt < targets.size() && reply == null; attempt++) {
                TwoNodeCluster.Node node = targets.get(attempt);
                long sentAt = System.nanoTime();
                reply = sendTo(node, method, path, token, json, headers);
                long nanos = System.nanoTime() - sentAt;
                String code = reply == null ? "" : problemCode(reply);
                outcomes.add(new Outcome(phase.get(), node.name(), operation, reply == null ? NO_RESPONSE : reply.status(),
                        reply == null ? "" : reply.contentType(), code, attempt > 0, sentAt, nanos));
            }
            return reply != null ? reply : new Reply(NO_RESPONSE, "", "");
        }

        private Reply sendTo(TwoNodeCluster.Node node, String method, String path, String token, String json,
                Map<String, String> headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                    .timeout(Duration.ofSeconds(20))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            headers.forEach(request::header);
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                        response.body());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static String problemCode(Reply reply) {
        if (!reply.contentType().startsWith("application/problem+json")) {
            return "";
        }
        try {
            JsonNode code = reply.json().get("code");
            return code == null ? "" : code.asString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Runs {@code workload} on {@code threads} threads until {@link Running#stop()}. */
    Running start(int threads, long seed, Workload workload) {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Client client = client(t);
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> {
                try {
                    for (long i = 0; !stop.get(); i++) {
                        workload.step(client, random, i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "client-" + t);
            thread.start();
            started.add(thread);
        }
        return new Running(stop, started, failures);
    }

    /** A load in progress. */
    static final class Running {

        private final AtomicBoolean stop;
        private final List<Thread> threads;
        private final ConcurrentLinkedQueue<Throwable> failures;

        private Running(AtomicBoolean stop, List<Thread> threads, ConcurrentLinkedQueue<Throwable> failures) {
            this.stop = stop;
            this.threads = threads;
            this.failures = failures;
        }

        /** Stops the threads after their current request; rethrows what a workload threw. */
        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(60_000);
            }
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError("a client thread failed", failures.peek());
                failures.stream().skip(1).forEach(error::addSuppressed);
                throw error;
            }
        }
    }
}
