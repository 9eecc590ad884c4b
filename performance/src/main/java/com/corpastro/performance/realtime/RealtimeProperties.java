package com.corpastro.performance.realtime;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the real-time event streams (Server-Sent Events and WebSocket), their limits and the
 * bus between nodes, under {@code corp-astro.realtime}.
 */
@ConfigurationProperties("corp-astro.realtime")
public class RealtimeProperties {

    /** Whether the event hub, the SSE streams, the WebSocket endpoint and the bus between nodes are on. */
    private boolean enabled = true;

    /** Open connections (SSE and WebSocket together) one node accepts; beyond it 429 or close 1013. */
    private int maxConnections = 20_000;

    /** Open connections one user (or the admin token) may hold on one node; beyond it 429 or close 1013. */
    private int maxConnectionsPerUser = 20;

    /** Events kept per topic for Last-Event-ID resume. */
    private int replayEvents = 100;

    /** Topics whose recent events are kept for resume (the least recently used go first). */
    private int replayTopics = 10_000;

    /** Events one connection may have waiting to be written; beyond it metrics and heartbeats are dropped, oldest first, else the connection is closed. */
    private int sendQueue = 64;

    /** How far behind a connection may fall (its oldest unsent event's age) before it is closed as a slow consumer. */
    private Duration maxLag = Duration.ofSeconds(10);

    /** Interval of the SSE heartbeat comment and the WebSocket ping on an idle connection. */
    private Duration heartbeat = Duration.ofSeconds(15);

    /** The reconnection delay an SSE stream tells its client (its retry: field). */
    private Duration retry = Duration.ofSeconds(3);

    /** Window within which events of one type on one topic raised by coalescing publishers are merged into one. */
    private Duration coalesceWindow = Duration.ofMillis(250);

    /** Interval of the metrics event on the admin stream (only while somebody listens). */
    private Duration metricsInterval = Duration.ofSeconds(2);

    /** Path of the WebSocket endpoint; empty: no WebSocket endpoint. */
    private String websocketPath = "/ws";

    /** How long a WebSocket without a token in its Authorization header has to send its auth message. */
    private Duration authTimeout = Duration.ofSeconds(5);

    /** Redis for the bus between nodes; empty: corp-astro.cache.redis.url, REDIS_URL or spring.data.redis.url, else in-process only. */
    private String redisUrl = "";

    /** The Redis pub/sub channel of the bus between nodes. */
    private String channel = "corp-astro:realtime";

    /**
     * On Tomcat's NIO connector: whether an upgraded connection (a WebSocket) lets go of the HTTP
     * processor it was upgraded from (Tomcat keeps it reachable, about 70 KB of heap per WebSocket).
     */
    private boolean releaseUpgradedProcessors = true;

    /**
     * Largest text or binary message a WebSocket client may send (Tomcat's per-WebSocket message
     * buffers, kept for the socket's life; a larger message closes it 1009). Clients send a few
     * dozen bytes (auth, subscribe).
     */
    private DataSize websocketMessageBuffer = DataSize.ofKilobytes(1);

    /**
     * On Tomcat's NIO connector: each connection's socket read buffer (its socket.appReadBufSize,
     * 8 KB in Tomcat), kept for the connection's life; a request larger than it is read in more than
     * one read. 0: Tomcat's own.
     */
    private DataSize socketReadBuffer = DataSize.ofKilobytes(1);

    /**
     * On Tomcat's NIO connector: each connection's socket write buffer (its socket.appWriteBufSize,
     * 8 KB in Tomcat), kept for the connection's life; an answer larger than it, headers included,
     * leaves in more than one write. 0: Tomcat's own.
     */
    private DataSize socketWriteBuffer = DataSize.ofKilobytes(4);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isReleaseUpgradedProcessors() {
        return releaseUpgradedProcessors;
    }

    public void setReleaseUpgradedProcessors(boolean releaseUpgradedProcessors) {
        this.releaseUpgradedProcessors = releaseUpgradedProcessors;
    }

    public DataSize getWebsocketMessageBuffer() {
        return websocketMessageBuffer;
    }

    public void setWebsocketMessageBuffer(DataSize websocketMessageBuffer) {
        this.websocketMessageBuffer = websocketMessageBuffer;
    }

    public DataSize getSocketReadBuffer() {
        return socketReadBuffer;
    }

    public void setSocketReadBuffer(DataSize socketReadBuffer) {
        this.socketReadBuffer = socketReadBuffer;
    }

    public DataSize getSocketWriteBuffer() {
        return socketWriteBuffer;
    }

    public void setSocketWriteBuffer(DataSize socketWriteBuffer) {
        this.socketWriteBuffer = socketWriteBuffer;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public int getMaxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
        this.maxConnectionsPerUser = maxConnectionsPerUser;
    }

    public int getReplayEvents() {
        return replayEvents;
    }

    public void setReplayEvents(int replayEvents) {
        this.replayEvents = replayEvents;
    }

    public int getReplayTopics() {
        return replayTopics;
    }

    public void setReplayTopics(int replayTopics) {
        this.replayTopics = replayTopics;
    }

    public int getSendQueue() {
        return sendQueue;
    }

    public void setSendQueue(int sendQueue) {
        this.sendQueue = sendQueue;
    }

    public Duration getMaxLag() {
        return maxLag;
    }

    public void setMaxLag(Duration maxLag) {
        this.maxLag = maxLag;
    }

    public Duration getHeartbeat() {
        return heartbeat;
    }

    public void setHeartbeat(Duration heartbeat) {
        this.heartbeat = heartbeat;
    }

    public Duration getRetry() {
        return retry;
    }

    public void setRetry(Duration retry) {
        this.retry = retry;
    }

    public Duration getCoalesceWindow() {
        return coalesceWindow;
    }

    public void setCoalesceWindow(Duration coalesceWindow) {
        this.coalesceWindow = coalesceWindow;
    }

    public Duration getMetricsInterval() {
        return metricsInterval;
    }

    public void setMetricsInterval(Duration metricsInterval) {
        this.metricsInterval = metricsInterval;
    }

    public String getWebsocketPath() {
        return websocketPath;
    }

    public void setWebsocketPath(String websocketPath) {
        this.websocketPath = websocketPath;
    }

    public Duration getAuthTimeout() {
        return authTimeout;
    }

    public void setAuthTimeout(Duration authTimeout) {
        this.authTimeout = authTimeout;
    }

    public String getRedisUrl() {
        return redisUrl;
    }

    public void setRedisUrl(String redisUrl) {
        this.redisUrl = redisUrl;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    /** Fails fast, naming the bad value. */
    void validate() {
        positive("maxConnections", maxConnections);
        positive("maxConnectionsPerUser", maxConnectionsPerUser);
        positive("replayEvents", replayEvents);
        positive("replayTopics", replayTopics);
        positive("sendQueue", sendQueue);
        positive("maxLag", maxLag);
        positive("heartbeat", heartbeat);
        positive("retry", retry);
        positive("metricsInterval", metricsInterval);
        positive("authTimeout", authTimeout);
        if (coalesceWindow == null || coalesceWindow.isNegative()) {
            throw new IllegalArgumentException("corp-astro.realtime.coalesce-window must be >= 0, was " + coalesceWindow);
        }
        if (websocketMessageBuffer == null || websocketMessageBuffer.toBytes() < 128) {
            throw new IllegalArgumentException("corp-astro.realtime.websocket-message-buffer must be >= 128B, was "
                    + websocketMessageBuffer);
        }
        socketBuffer("socket-read-buffer", socketReadBuffer);
        socketBuffer("socket-write-buffer", socketWriteBuffer);
    }

    private static void socketBuffer(String name, DataSize value) {
        if (value == null || value.toBytes() != 0 && (value.toBytes() < 512 || value.toBytes() > 1024 * 1024)) {
            throw new IllegalArgumentException("corp-astro.realtime." + name + " must be 0 or between 512B and 1MB, was "
                    + value);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("corp-astro.realtime." + name + " must be > 0, was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("corp-astro.realtime." + name + " must be > 0, was " + value);
        }
    }
}
