package com.corpastro.performance.analytics;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import com.corpastro.testing.EmbeddedPostgresServer;

/** Alerts and daily reports in a real PostgreSQL server. */
class AnalyticsStorePostgresTest extends AnalyticsStoreContract {

    @Override
    DataSource dataSource() {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(server.createDatabase());
        dataSource.setUser(server.username());
        return dataSource;
    }
}
