package com.corpastro.backend.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokensTest {

    @Test
    void everyIssuedTokenHasTheIssuedForm() {
        for (int i = 0; i < 10_000; i++) {
            String token = ApiTokens.newToken();
            assertThat(ApiTokens.isWellFormed(token)).as(token).isTrue();
        }
    }

    @Test
    void anythingElseIsNotATokenThisServiceIssued() {
        String token = ApiTokens.newToken();
        assertThat(ApiTokens.isWellFormed("no-such-token")).isFalse();
        assertThat(ApiTokens.isWellFormed(token.substring(1))).isFalse();
        assertThat(ApiTokens.isWellFormed(token + "A")).isFalse();
        assertThat(ApiTokens.isWellFormed(token.substring(0, 42) + "=")).isFalse();
        assertThat(ApiTokens.isWellFormed("+" + token.substring(1))).isFalse();
        assertThat(ApiTokens.isWellFormed("/" + token.substring(1))).isFalse();
        assertThat(ApiTokens.isWellFormed("\u00e9" + token.substring(1))).isFalse();
        // 32 bytes leave the last character's two low bits zero: 'B' (1) would need a 33rd byte.
        assertThat(ApiTokens.isWellFormed(token.substring(0, 42) + "B")).isFalse();
        assertThat(ApiTokens.isWellFormed(token.substring(0, 42) + "A")).isTrue();
    }
}
