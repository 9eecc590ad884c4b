package com.corpastro.performance.monitor;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** Rollups in H2 in PostgreSQL mode, in a file so a restart really reconnects. */
class MonitorRollupH2Test extends MonitorRollupContract {

    @Override
    DataSource dataSource() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:./target/h2/rollups-" + UUID.randomUUID() + ";MODE=PostgreSQL");
        dataSource.setUser("sa");
        return dataSource;
    }
}
