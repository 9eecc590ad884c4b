package com.corpastro.backend.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A test WebSocket client over the JDK HttpClient: keeps the text messages and the close code. */
final class WsClient implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    volatile Integer closeCode;
    volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private WsClient(String baseUrl, String token) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        this.socket = builder.buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/ws"), this).join();
    }

    static WsClient connect(String baseUrl, String token) {
        return new WsClient(baseUrl, token);
    }

    void send(String json) {
        socket.sendText(json, true).join();
    }

    List<JsonNode> ofType(String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asString())).toList();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode = statusCode;
        closeReason = reason;
        return null;
    }

    @Override
    public void close() {
        if (closeCode == null) {
            socket.abort();
        }
    }
}
