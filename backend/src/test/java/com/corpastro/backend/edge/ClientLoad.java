package com.corpastro.backend.edge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load in the style of wrk: {@code clients} threads, each on its own keep-alive
 * HTTP/1.1 connection, sending the same prepared GET and reading each answer (status line, headers,
 * Content-Length body) before the next. Kept this small so the client costs little CPU next to the
 * server it measures, which shares the machine.
 */
final class ClientLoad {

    record Result(long requests, long errors, Duration elapsed) {

        double perSecond() {
            return requests * 1_000_000_000.0 / elapsed.toNanos();
        }
    }

    private ClientLoad() {
    }

    static Result run(String url, int clients, Duration duration) throws InterruptedException {
        URI uri = URI.create(url);
        byte[] request = ("GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAccept-Encoding: gzip\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                        socket.setTcpNoDelay(true);
                        OutputStream out = socket.getOutputStream();
                        InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
                        boolean open = true;
                        while (open && System.nanoTime() < end) {
                            out.write(request);
                            out.flush();
                            int status = readResponse(in);
                            (status % 1000 == 200 ? ok : errors).increment();
                            // Tomcat closes a connection after max-keep-alive-requests: open another.
                            open = status < 1000;
                        }
                    } catch (IOException e) {
                        errors.increment();
                    }
                }
            }, "edge-load-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Result(ok.sum(), errors.sum(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Reads one response; returns its status, plus 1000 when the server closes the connection after it. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return close ? code + 1000 : code;
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed in a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
