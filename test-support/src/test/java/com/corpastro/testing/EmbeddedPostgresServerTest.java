package com.corpastro.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

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
}
