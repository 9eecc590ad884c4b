package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlFingerprintTest {

    @Test
    void literalsAndMarkersBecomeQuestionMarks() {
        assertThat(QueryAnalyzer.fingerprint("SELECT *  FROM businesses\n WHERE name = 'O''Brien' AND id > 42 -- note"))
                .isEqualTo("select * from businesses where name = ? and id > ?");
        assertThat(QueryAnalyzer.fingerprint("select * from t where a = $1 and b = 1.5e3"))
                .isEqualTo("select * from t where a = ? and b = ?");
    }

    @Test
    void listsCollapseWhateverTheirLength() {
        assertThat(QueryAnalyzer.fingerprint("select * from t where id in (1, 2, 3)"))
                .isEqualTo(QueryAnalyzer.fingerprint("select * from t where id in (?,?)"))
                .isEqualTo("select * from t where id in (?+)");
        assertThat(QueryAnalyzer.fingerprint("insert into t (a, b) values (?, ?), (?, ?), (?, ?)"))
                .isEqualTo(QueryAnalyzer.fingerprint("insert into t (a, b) values (1, 'x'), (2, 'y')"))
                .isEqualTo("insert into t (a, b) values (?+), ...");
    }

    @Test
    void aMultiRowInsertOfAHundredThousandRowsCollapsesWithoutOverflowingTheStack() throws Exception {
        StringBuilder sql = new StringBuilder("insert into t (a, b) values (?, ?)");
        for (int i = 1; i < 100_000; i++) {
            sql.append(", (?, ?)");
        }
        String[] fingerprint = new String[1];
        // A small stack, as request threads may have: the collapse must not recurse per row.
        Thread thread = new Thread(null, () -> fingerprint[0] = QueryAnalyzer.fingerprint(sql.toString()), "small-stack",
                256 * 1024);
        thread.start();
        thread.join();
        assertThat(fingerprint[0]).isEqualTo("insert into t (a, b) values (?+), ...");
    }

    @Test
    void identifiersWithDigitsAndQuotedNamesStay() {
        assertThat(QueryAnalyzer.fingerprint("SELECT col1 FROM \"MyTable\" /* hint */ WHERE t2.x = 3;"))
                .isEqualTo("select col1 from \"MyTable\" where t2.x = ?");
    }
}
