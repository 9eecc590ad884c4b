package com.corpastro.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadRunTest {

    @Test
    void argumentsAreTheWordsOfThePropertyWithoutTheQuotesThePluginPutsAroundIt() {
        assertThat(LoadRun.words("\"-Xmx1g -XX:+UseZGC\"")).containsExactly("-Xmx1g", "-XX:+UseZGC");
        assertThat(LoadRun.words("'--a=1  --b=2'")).containsExactly("--a=1", "--b=2");
        assertThat(LoadRun.words(" -Xmx2g ")).containsExactly("-Xmx2g");
        assertThat(LoadRun.words("\"\"")).isEmpty();
        assertThat(LoadRun.words("")).isEmpty();
    }
}
