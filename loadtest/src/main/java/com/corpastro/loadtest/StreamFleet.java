package com.corpastro.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many event streams held by one thread: non-blocking sockets on one selector, a 64 KB read buffer
 * shared by all, and per stream only its socket and a few counters, so 10,000 streams fit a small
 * client heap (Gatling's SSE and WebSocket clients keep far more per stream). Either transport:
 * {@link #sse} streams ({@code GET .../events}, open at the {@code retry:} line) or
 * {@link #webSocket} connections ({@code GET /ws} with the token in {@code Authorization}, then a
 * {@code subscribe} message; open at {@code subscribed}; no {@code permessage-deflate} offered, so
 * frames are read as they are). Each stream records when it saw the watched event type.
 *
 * <p>A stream refused before it opened (a status other than the one expected, or the connection
 * closed) connects again after {@code retry} (the SSE {@code retry:} hint; an {@code EventSource}
 * reconnects the same way), at most {@code attempts} times in all; refusals are counted.
 */
public final class StreamFleet implements AutoCloseable {

    /** The transport a fleet speaks. */
    public enum Transport {
        SSE, WS;

        /** {@code sse} or {@code ws} (the value of {@code loadtest.transport}). */
        public static Transport of(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "sse" -> SSE;
                case "ws", "websocket" -> WS;
                default -> throw new IllegalArgumentException("loadtest.transport must be sse or ws, was '" + value + "'");
            };
        }
    }

    private static final byte[] SSE_STATUS = "HTTP/1.1 200".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WS_STATUS = "HTTP/1.1 101".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SSE_READY = "retry:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WS_AUTHENTICATED = "{\"type\":\"ready\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WS_READY = "\"type\":\"subscribed\"".getBytes(StandardCharsets.US_ASCII);

    private final Transport transport;
    private final InetSocketAddress address;
    private final byte[] request;
    private final byte[] subscribe;
    private final byte[] status;
    private final Duration retry;
    private final int attempts;
    private final Selector selector;
    private final List<Stream> streams = new ArrayList<>();
    private final Queue<Stream> reconnects = new ArrayDeque<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Thread loop;
    private volatile byte[] watched;
    private volatile int watchGeneration;
    private volatile boolean closing;

    private final class Stream {
        SocketChannel channel;
        int attempt = 1;
        long reconnectAtNanos;
        int statusMatch;
        boolean authenticated;
        boolean open;
        int readyMatch;
        int watchMatch;
        int generation = -1;
        long seenNanos;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private StreamFleet(Transport transport, String host, int port, byte[] request, byte[] subscribe, Duration retry,
            int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        this.transport = transport;
        this.address = new InetSocketAddress(host, port);
        this.request = request;
        this.subscribe = subscribe;
        this.status = transport == Transport.SSE ? SSE_STATUS : WS_STATUS;
        this.retry = retry;
        this.attempts = attempts;
        this.watched = pattern("none");
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.loop = new Thread(this::run, "stream-fleet");
        loop.setDaemon(true);
        loop.start();
    }

    /** SSE streams of {@code path} (e.g. {@code /api/businesses/1/events}) read with {@code token}. */
    public static StreamFleet sse(String host, int port, String path, String token, Duration retry, int attempts) {
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return new StreamFleet(Transport.SSE, host, port, request, null, retry, attempts);
    }

    /** WebSocket connections to {@code path} (e.g. {@code /ws}), each subscribed to {@code businessId}'s events. */
    public static StreamFleet webSocket(String host, int port, String path, String token, long businessId,
            Duration retry, int attempts) {
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(key) + "\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new StreamFleet(Transport.WS, host, port, request,
                maskedTextFrame("{\"type\":\"subscribe\",\"businessId\":" + businessId + "}"), retry, attempts);
    }

    public Transport transport() {
        return transport;
    }

    /** Opens {@code count} more streams, at most {@code inFlight} not yet open at a time; returns the open count. */
    public int open(int count, int inFlight, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int base = ready.get() + failed.get();
        int started = 0;
        while (ready.get() + failed.get() - base < count && System.nanoTime() < deadline) {
            while (started < count && started - (ready.get() + failed.get() - base) < inFlight) {
                try {
                    Stream stream = new Stream(SocketChannel.open());
                    synchronized (streams) {
                        streams.add(stream);
                    }
                    connect(stream);
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
                started++;
            }
            Thread.sleep(5);
        }
        return ready.get();
    }

    private void connect(Stream stream) throws IOException {
        stream.channel.configureBlocking(false);
        stream.channel.connect(address);
        synchronized (this) {
            selector.wakeup();
            stream.channel.register(selector, SelectionKey.OP_CONNECT, stream);
        }
    }

    /** Starts watching for {@code eventType}: each stream records when it next sees it. */
    public void watch(String eventType) {
        watched = pattern(eventType);
        watchGeneration++;
    }

    private byte[] pattern(String eventType) {
        return (transport == Transport.SSE ? "event: " + eventType + "\n" : "\"type\":\"" + eventType + "\"")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** When each open stream saw the watched event (System.nanoTime), 0 for not yet. */
    public long[] seen() {
        synchronized (streams) {
            long[] seen = new long[streams.size()];
            for (int i = 0; i < seen.length; i++) {
                Stream stream = streams.get(i);
                seen[i] = stream.open && stream.generation == watchGeneration ? stream.seenNanos : 0;
            }
            return seen;
        }
    }

    public int openStreams() {
        return ready.get();
    }

    /** Streams given up: refused {@code attempts} times, or lost after they opened. */
    public int failures() {
        return failed.get();
    }

    /** Refusals before a stream opened (each followed by a reconnect while attempts remain). */
    public int refusals() {
        return refused.get();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[64 * 1024];
        while (!closing) {
            try {
                synchronized (this) {
                    // Registration happens under this lock after a wakeup.
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Stream stream = (Stream) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            stream.channel.finishConnect();
                            stream.channel.write(ByteBuffer.wrap(request));
                            key.interestOps(SelectionKey.OP_READ);
                        } else if (key.isReadable()) {
                            buffer.clear();
                            int read = stream.channel.read(buffer);
                            if (read < 0) {
                                lost(stream, key);
                                continue;
                            }
                            buffer.flip();
                            buffer.get(bytes, 0, read);
                            if (!scan(stream, bytes, read)) {
                                lost(stream, key);
                            }
                        }
                    } catch (IOException e) {
                        lost(stream, key);
                    }
                }
                selector.selectedKeys().clear();
                reconnectDue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void reconnectDue() {
        long now = System.nanoTime();
        while (!reconnects.isEmpty() && reconnects.peek().reconnectAtNanos <= now) {
            Stream stream = reconnects.poll();
            try {
                stream.channel = SocketChannel.open();
                stream.channel.configureBlocking(false);
                stream.channel.connect(address);
                stream.channel.register(selector, SelectionKey.OP_CONNECT, stream);
            } catch (IOException e) {
                failed.incrementAndGet();
            }
        }
    }

    /** Reads what arrived; false when the stream was refused (a status other than the expected one). */
    private boolean scan(Stream stream, byte[] bytes, int length) throws IOException {
        byte[] watch = watched;
        int generation = watchGeneration;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (stream.statusMatch < status.length) {
                if (b != status[stream.statusMatch++]) {
                    return false;
                }
                continue;
            }
            if (!stream.open) {
                if (transport == Transport.WS && !stream.authenticated) {
                    stream.readyMatch = next(WS_AUTHENTICATED, stream.readyMatch, b);
                    if (stream.readyMatch == WS_AUTHENTICATED.length) {
                        stream.authenticated = true;
                        stream.readyMatch = 0;
                        stream.channel.write(ByteBuffer.wrap(subscribe));
                    }
                    continue;
                }
                byte[] readyAt = transport == Transport.SSE ? SSE_READY : WS_READY;
                stream.readyMatch = next(readyAt, stream.readyMatch, b);
                if (stream.readyMatch == readyAt.length) {
                    stream.open = true;
                    ready.incrementAndGet();
                }
                continue;
            }
            if (stream.generation == generation) {
                continue;
            }
            stream.watchMatch = next(watch, stream.watchMatch, b);
            if (stream.watchMatch == watch.length) {
                stream.watchMatch = 0;
                stream.seenNanos = System.nanoTime();
                stream.generation = generation;
            }
        }
        return true;
    }

    private static int next(byte[] pattern, int matched, byte b) {
        return b == pattern[matched] ? matched + 1 : (b == pattern[0] ? 1 : 0);
    }

    private void lost(Stream stream, SelectionKey key) {
        key.cancel();
        try {
            stream.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (stream.open) {
            stream.open = false;
            ready.decrementAndGet();
            failed.incrementAndGet();
            return;
        }
        refused.incrementAndGet();
        if (stream.attempt >= attempts || closing) {
            failed.incrementAndGet();
            return;
        }
        stream.attempt++;
        stream.statusMatch = 0;
        stream.readyMatch = 0;
        stream.authenticated = false;
        stream.reconnectAtNanos = System.nanoTime() + retry.toNanos();
        reconnects.add(stream);
    }

    /** A client's text frame (clients must mask theirs), for a payload under 126 bytes. */
    static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length >= 126) {
            throw new IllegalArgumentException("payload must be < 126 bytes, was " + payload.length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    @Override
    public void close() {
        closing = true;
        try {
            loop.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (streams) {
            for (Stream stream : streams) {
                try {
                    stream.channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
