package com.corpastro.performance.monitor;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import com.corpastro.testing.EmbeddedPostgresServer;

/** Rollups in a real PostgreSQL server. */
class MonitorRollupPostgresTest extends MonitorRollupContract {

    @Override
    DataSource dataSource() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.createDatabase());
        dataSource.setUser(server.username());
        return dataSource;
    }
}
