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
    void identifiersWithDigitsAndQuotedNamesStay() {
        assertThat(QueryAnalyzer.fingerprint("SELECT col1 FROM \"MyTable\" /* hint */ WHERE t2.x = 3;"))
                .isEqualTo("select col1 from \"MyTable\" where t2.x = ?");
    }
}
