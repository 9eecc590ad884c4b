package com.corpastro.performance.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

/** The admin token: trimmed, at least 32 characters or the application does not start, never echoed. */
class AdminAccessAutoConfigurationTest {

    private static final String TOKEN = "admin-token-0123456789abcdefghijk"; // 33 characters

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AdminAccessAutoConfiguration.class));

    @Test
    void withoutATokenNobodyIsAdmin() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(AdminProperties.class).getToken()).isNull();
            assertThat(context.getBean(AdminAccess.class).isAdmin(bearer(TOKEN))).isFalse();
        });
        withToken("   ").run(context -> assertThat(context.getBean(AdminProperties.class).getToken()).isNull());
    }

    @Test
    void theTokenIsTrimmedBeforeItIsCompared() {
        withToken("\t " + TOKEN + " \n").run(context -> {
            assertThat(context.getBean(AdminProperties.class).getToken()).isEqualTo(TOKEN);
            AdminAccess access = context.getBean(AdminAccess.class);
            assertThat(access.isAdmin(bearer(TOKEN))).isTrue();
            assertThat(access.isAdmin(bearer(TOKEN + "x"))).isFalse();
            assertThat(access.isAdmin(bearer(TOKEN.substring(1)))).isFalse();
        });
    }

    @Test
    void aTokenShorterThan32CharactersAfterTrimmingStopsTheStartWithoutEchoingIt() {
        String shortToken = "s3cr3t-0123456789-abcdefghijklm"; // 31 characters, 35 with the padding below
        withToken("  " + shortToken + "  ").run(context -> {
            assertThat(context).hasFailed();
            Throwable root = context.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root.getMessage()).contains("corp-astro.admin.token").contains("at least 32 characters")
                    .contains("was 31 characters").doesNotContain(shortToken).doesNotContain("s3cr3t");
        });
    }

    @Test
    void anApplicationsOwnAdminAccessReplacesTheTokenButNotTheLengthCheck() {
        AdminAccess nobody = request -> false;
        withToken(TOKEN).withBean(AdminAccess.class, () -> nobody).run(context -> {
            assertThat(context.getBean(AdminAccess.class)).isSameAs(nobody);
            assertThat(context.getBean(AdminProperties.class).getToken()).isEqualTo(TOKEN);
        });
        withToken("short").withBean(AdminAccess.class, () -> nobody)
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void tokenAdminAccessRefusesAShortTokenItself() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TokenAdminAccess(" 0123456789 "))
                .withMessageContaining("at least 32 characters").withMessageContaining("was 10 characters")
                .withMessageNotContaining("0123456789");
        assertThat(new TokenAdminAccess(null).matches(TOKEN)).isFalse();
        assertThat(new TokenAdminAccess(" " + TOKEN + " ").matches(TOKEN)).isTrue();
    }

    /** The value exactly as given: {@code withPropertyValues} would trim it. */
    private ApplicationContextRunner withToken(String token) {
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test", Map.of("corp-astro.admin.token", token))));
    }

    private static MockHttpServletRequest bearer(String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/prometheus");
        request.addHeader("Authorization", "Bearer " + token);
        return request;
    }
}
