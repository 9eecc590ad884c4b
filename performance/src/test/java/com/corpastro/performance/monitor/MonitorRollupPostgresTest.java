package com.corpastro.performance.monitor;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

import com.corpastro.testing.EmbeddedPostgresServer;

/** Rollups in a real PostgreSQL server. */
class MonitorRollupPostgresTest extends MonitorRollupContract {

    private static EmbeddedPostgresServer server;

    @BeforeAll
    static void startServer() {
        server = EmbeddedPostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Override
    DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.createDatabase());
        dataSource.setUser(server.username());
        return dataSource;
    }
}
