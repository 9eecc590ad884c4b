package com.corpastro.performance.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/**
 * What a cold load (a key no node has, nor Redis) costs in Redis round trips: counted by Redis itself
 * ({@code MONITOR} lists each command a client sent, and apart from them those a script ran).
 */
class ColdLoadTripsTest extends RedisNodes {

    private static final Duration TTL = Duration.ofMinutes(5);

    @Test
    void aColdLoadLooksAndTakesTheLeaseInOneRoundTripAndWritesAndLetsGoInAnother() throws Exception {
        TieredCacheManager node = node();
        try (Monitor monitor = new Monitor(redis.port())) {
            monitor.mark("before");

            String value = node.getOrSet("report", String.class, TTL, List.of(), () -> "loaded once");
            monitor.mark("after");

            assertThat(value).isEqualTo("loaded once");
            List<String> sent = monitor.clientCommandsBetween("before", "after");
            // GET, SET NX (lease), GET, then the write and the unlock, before: five.
            assertThat(sent).as("%s", sent).hasSize(2).allMatch(command -> command.startsWith("\"EVAL\""));
        }
        assertThat(rawConnection.sync().keys("*" + namespace + "*{report}l")).as("lease let go").isEmpty();
        TieredCacheManager other = node();
        assertThat(other.get("report", String.class)).contains("loaded once");
        assertThat(other.stats().l2Hits()).isEqualTo(1);
    }

    @Test
    void aLoadThatFindsTheValueInRedisTakesNoLease() {
        TieredCacheManager first = node();
        first.getOrSet("report", String.class, TTL, List.of(), () -> "from the first node");
        TieredCacheManager second = node();

        String value = second.getOrSet("report", String.class, TTL, List.of(), () -> "never loaded");

        assertThat(value).isEqualTo("from the first node");
        assertThat(second.stats().loads()).isZero();
        assertThat(rawConnection.sync().keys("*" + namespace + "*{report}l")).isEmpty();
    }

    private TieredCacheManager node() {
        TieredCacheManager node = TieredCacheManager.builder()
                .name("test")
                .namespace(namespace)
                .redis(redis.url())
                .commandTimeout(Duration.ofMillis(500))
                .redisMissTtl(Duration.ZERO)
                .build();
        closeables.add(node);
        return node;
    }

    /** A raw {@code MONITOR} connection; marks are {@code ECHO}ed through a second connection. */
    private static final class Monitor implements AutoCloseable {

        private final Socket socket;
        private final Socket marks;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        Monitor(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            marks = new Socket("127.0.0.1", port);
            socket.getOutputStream().write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("+OK");
            Thread reader = new Thread(() -> {
                try {
                    for (String line; (line = in.readLine()) != null;) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "redis-monitor");
            reader.setDaemon(true);
            reader.start();
        }

        void mark(String name) {
            try {
                OutputStream out = marks.getOutputStream();
                out.write(("ECHO " + name + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.endsWith("\"ECHO\" \"" + name + "\"")));
        }

        /** Commands clients sent between two marks, without the marks and what scripts ran: {@code "EVAL" ...}. */
        List<String> clientCommandsBetween(String from, String to) {
            List<String> all = List.copyOf(lines);
            int start = indexOf(all, from);
            int end = indexOf(all, to);
            return all.subList(start + 1, end).stream().filter(line -> !line.contains("[0 lua]"))
                    .map(line -> line.substring(line.indexOf("] ") + 2)).toList();
        }

        private static int indexOf(List<String> lines, String mark) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).endsWith("\"ECHO\" \"" + mark + "\"")) {
                    return i;
                }
            }
            throw new IllegalStateException("no mark " + mark);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            marks.close();
        }
    }
}
