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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many SSE streams held by one thread: non-blocking sockets on one selector, a 64 KB read buffer
 * shared by all, and per stream only its socket and a few counters, so 10,000 streams fit a small
 * client heap (Gatling's SSE client keeps far more per stream). Each stream records when it first
 * saw the {@code retry:} line (open) and when it saw the watched event type.
 */
public final class StreamFleet implements AutoCloseable {

    private static final byte[] READY = "retry:".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress address;
    private final byte[] request;
    private final Selector selector;
    private final List<Stream> streams = new ArrayList<>();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Thread loop;
    private volatile byte[] watched = "event: none\n".getBytes(StandardCharsets.US_ASCII);
    private volatile int watchGeneration;
    private volatile boolean closing;

    private final class Stream {
        final SocketChannel channel;
        boolean open;
        int readyMatch;
        int watchMatch;
        int generation = -1;
        long seenNanos;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    public StreamFleet(String host, int port, String path, String token) {
        this.address = new InetSocketAddress(host, port);
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.loop = new Thread(this::run, "stream-fleet");
        loop.setDaemon(true);
        loop.start();
    }

    /** Opens {@code count} more streams, at most {@code inFlight} not yet open at a time; returns the open count. */
    public int open(int count, int inFlight, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int base = ready.get() + failed.get();
        int started = 0;
        while (ready.get() + failed.get() - base < count && System.nanoTime() < deadline) {
            while (started < count && started - (ready.get() + failed.get() - base) < inFlight) {
                try {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    channel.connect(address);
                    Stream stream = new Stream(channel);
                    synchronized (streams) {
                        streams.add(stream);
                    }
                    synchronized (this) {
                        selector.wakeup();
                        channel.register(selector, SelectionKey.OP_CONNECT, stream);
                    }
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
                started++;
            }
            Thread.sleep(5);
        }
        return ready.get();
    }

    /** Starts watching for {@code eventType}: each stream records when it next sees it. */
    public void watch(String eventType) {
        watched = ("event: " + eventType + "\n").getBytes(StandardCharsets.US_ASCII);
        watchGeneration++;
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

    public int failures() {
        return failed.get();
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
                            scan(stream, bytes, read);
                        }
                    } catch (IOException e) {
                        lost(stream, key);
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void scan(Stream stream, byte[] bytes, int length) {
        byte[] watch = watched;
        int generation = watchGeneration;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (!stream.open) {
                stream.readyMatch = b == READY[stream.readyMatch] ? stream.readyMatch + 1 : (b == READY[0] ? 1 : 0);
                if (stream.readyMatch == READY.length) {
                    stream.open = true;
                    ready.incrementAndGet();
                }
                continue;
            }
            if (stream.generation == generation) {
                continue;
            }
            stream.watchMatch = b == watch[stream.watchMatch] ? stream.watchMatch + 1 : (b == watch[0] ? 1 : 0);
            if (stream.watchMatch == watch.length) {
                stream.watchMatch = 0;
                stream.seenNanos = System.nanoTime();
                stream.generation = generation;
            }
        }
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
        }
        failed.incrementAndGet();
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
