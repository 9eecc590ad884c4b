package com.corpastro.backend.resilience;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local external content generator for fault injection: a real HTTP server answering
 * {@code POST /v1/chat/completions} as OpenAI does, with 500, or not at all until told otherwise.
 * It counts the calls it receives per caller, recognised by a marker the caller's prompt carries
 * (e.g. a business name containing the instance's name), so a test can tell which instance
 * called.
 */
final class GeneratorStub implements AutoCloseable {

    static final String TEXT = "The stars favour steady growth for your team this day.";

    enum Mode {
        /** A chat completion with {@link #TEXT}. */
        OK,
        /** 500 with an OpenAI-style error body. */
        ERROR,
        /** No answer until the mode changes (or a minute passes), then the connection is closed. */
        HANG
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.OK);
    private final Map<String, AtomicLong> callsByMarker = new LinkedHashMap<>();
    private final AtomicLong unrecognised = new AtomicLong();
    private volatile CountDownLatch release = new CountDownLatch(1);
    private volatile long delayMs;

    private GeneratorStub(HttpServer server, ExecutorService executor, List<String> markers) {
        this.server = server;
        this.executor = executor;
        markers.forEach(marker -> callsByMarker.put(marker, new AtomicLong()));
    }

    /** Starts on a free port of 127.0.0.1; calls are counted per marker in {@code markers}. */
    static GeneratorStub start(List<String> markers) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool();
            GeneratorStub stub = new GeneratorStub(server, executor, markers);
            server.createContext("/", stub::handle);
            server.setExecutor(executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("generator stub did not start", e);
        }
    }

    /** The base URL, the value of {@code corp-astro.content.generator.url}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every call from now on as {@code next} says; calls left hanging are let go. */
    void mode(Mode next) {
        Mode previous = mode.getAndSet(next);
        if (previous == Mode.HANG && next != Mode.HANG) {
            CountDownLatch hanging = release;
            release = new CountDownLatch(1);
            hanging.countDown();
        }
    }

    /** Answers every call from now on {@code delay} late (a slow generator), whatever the mode. */
    void delay(java.time.Duration delay) {
        delayMs = delay.toMillis();
    }

    /** Calls received so far whose prompt carried {@code marker}. */
    long calls(String marker) {
        return callsByMarker.get(marker).get();
    }

    /** Calls received so far that were not a chat completion request carrying a known marker. */
    long unrecognisedCalls() {
        return unrecognised.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        AtomicLong counter = callsByMarker.entrySet().stream().filter(e -> body.contains(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (counter == null || !"POST".equals(exchange.getRequestMethod())
                || !"/v1/chat/completions".equals(exchange.getRequestURI().getPath())) {
            unrecognised.incrementAndGet();
            send(exchange, 404, "{\"error\":{\"message\":\"unknown request\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        counter.incrementAndGet();
        // Taken before the mode: a switch away from HANG sets the mode first, then releases this latch.
        CountDownLatch hang = release;
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        switch (mode.get()) {
            case OK -> send(exchange, 200, """
                    {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"test-model",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":100,"completion_tokens":12,"total_tokens":112}}""".formatted(TEXT));
            case ERROR -> send(exchange, 500, "{\"error\":{\"message\":\"upstream failure\",\"type\":\"server_error\"}}");
            case HANG -> {
                try {
                    hang.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
