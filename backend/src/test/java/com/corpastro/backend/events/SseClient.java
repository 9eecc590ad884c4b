package com.corpastro.backend.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test SSE client over the JDK HttpClient: reads the stream's lines on the client's thread and keeps its frames. */
final class SseClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** HTTP/1.1, as browsers' EventSource and fetch() speak to a cleartext server. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One frame: {@code event:} (null for a comment-only frame), {@code id:}, {@code data:}, {@code retry:}. */
    record Frame(String event, String id, String data, String retry, String comment) {

        JsonNode json() {
            return JSON.readTree(data);
        }
    }

    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final HttpResponse<Stream<String>> response;
    private volatile boolean ended;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            CompletableFuture.runAsync(this::read);
        }
    }

    static SseClient open(String baseUrl, String path, String token, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream").header("Accept-Encoding", "gzip, br");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        String event = null;
        String id = null;
        String retry = null;
        String comment = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    frames.add(new Frame(event, id, data == null ? null : data.toString(), retry, comment));
                    event = id = retry = comment = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comment = line.substring(1).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("retry:")) {
                    retry = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
                }
            }
        } catch (RuntimeException closed) {
            // The test closed the stream.
        }
        ended = true;
    }

    List<Frame> events(String type) {
        return frames.stream().filter(f -> type.equals(f.event())).toList();
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
