package com.corpastro.performance.analytics;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/** Alerts and daily reports in H2 (PostgreSQL mode). */
class AnalyticsStoreH2Test extends AnalyticsStoreContract {

    @Override
    DataSource dataSource() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:analytics-" + System.nanoTime() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        return h2;
    }
}
