package com.corpastro.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class EmbeddedRedisServerTest {

    @Test
    void startsARealRedisThatCanBeStoppedAndRestartedOnTheSamePort() throws Exception {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            assertThat(ping(redis.port())).isEqualTo("+PONG");
            redis.stop();
            assertThat(redis.isRunning()).isFalse();
            redis.restart();
            assertThat(ping(redis.port())).isEqualTo("+PONG");
        }
    }

    @Test
    void aPausedRedisKeepsConnectionsOpenButAnswersNothingUntilResumed() throws Exception {
        try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
            try (Socket socket = new Socket("127.0.0.1", redis.port())) {
                socket.setSoTimeout(300);
                redis.pause();
                assertThat(redis.isPaused()).isTrue();
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThatThrownBy(in::readLine).as("a paused Redis answers nothing")
                        .isInstanceOf(SocketTimeoutException.class);

                redis.resume();
                socket.setSoTimeout(5_000);
                assertThat(in.readLine()).as("the answer to the command sent while paused").isEqualTo("+PONG");
            }
            assertThat(ping(redis.port())).isEqualTo("+PONG");
        }
    }

    @Test
    void startsAThreeMasterCluster() throws Exception {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
            assertThat(cluster.ports()).hasSize(3);
            for (int port : cluster.ports()) {
                assertThat(command(port, "CLUSTER INFO")).startsWith("$");
            }
        }
    }

    private static String ping(int port) throws IOException {
        return command(port, "PING");
    }

    private static String command(int port, String command) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
