package com.corpastro.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void startsARealPostgresAndCreatesSeparateDatabases() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start()) {
            String first = server.createDatabase();
            String second = server.createDatabase();
            assertThat(first).isNotEqualTo(second);
            try (Connection connection = DriverManager.getConnection(first, server.username(), "");
                    ResultSet rs = connection.createStatement().executeQuery("SHOW server_version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).matches("\\d+\\..*");
            }
        }
    }

    @Test
    void aRestartableServerComesBackOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startRestartable()) {
            String url = server.createDatabase();
            int port = server.port();
            try (Connection connection = DriverManager.getConnection(url, server.username(), "")) {
                connection.createStatement().execute("CREATE TABLE kept (id INT); INSERT INTO kept VALUES (42)");
            }

            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(url, server.username(), "").close())
                    .isInstanceOf(SQLException.class);

            server.restart();
            assertThat(server.port()).isEqualTo(port);
            try (Connection connection = DriverManager.getConnection(url, server.username(), "");
                    ResultSet rs = connection.createStatement().executeQuery("SELECT id FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aPausedServerKeepsItsConnectionsButAnswersNothingUntilResumed() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startRestartable()) {
            String url = server.createDatabase();
            try (Connection connection = DriverManager.getConnection(url, server.username(), "")) {
                assertThat(server.pids()).as("postmaster and its children").hasSizeGreaterThan(1);
                server.pause();
                assertThat(server.isPaused()).isTrue();
                // The driver's read timeout turns the silence into an error instead of a wait forever.
                connection.unwrap(org.postgresql.PGConnection.class);
                connection.setNetworkTimeout(Runnable::run, 500);
                assertThatThrownBy(() -> connection.createStatement().executeQuery("SELECT 1"))
                        .as("a paused server answers nothing").isInstanceOf(SQLException.class)
                        .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);

                server.resume();
                assertThat(server.isPaused()).isFalse();
            }
            try (Connection connection = DriverManager.getConnection(url, server.username(), "");
                    ResultSet rs = connection.createStatement().executeQuery("SELECT 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void theSharedServerCannotBeStopped() {
        assertThatThrownBy(() -> EmbeddedPostgresServer.shared().stop()).isInstanceOf(IllegalStateException.class);
    }
}
