package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import com.corpastro.performance.error.AppError;
import com.corpastro.performance.internal.HashedAssets;

/** The dashboard's scripts and styles under content-hashed, immutable names, optionally from a CDN host. */
class DashboardAssetsTest {

    private static final Pattern REFERENCE = Pattern.compile("\"(?:https://cdn\\.example\\.com)?/dashboard/([a-z]+\\.[0-9a-f]{12}\\.(?:js|css))\"");

    @Test
    void thePageReferencesEveryAssetByItsContentHash() {
        String page = page(new DashboardController(""));

        assertThat(references(page)).hasSize(5)
                .allMatch(name -> name.matches("(dashboard|push|uplot)\\.[0-9a-f]{12}\\.(js|css)"));
        for (String plain : List.of("dashboard.js", "push.js", "dashboard.css", "uplot.js", "uplot.css")) {
            assertThat(page).doesNotContain("\"/dashboard/" + plain + "\"");
        }
    }

    @Test
    void aHashedAssetIsImmutableForAYearAndAPlainNameIsNot() {
        DashboardController controller = new DashboardController("");
        String script = references(page(controller)).stream().filter(n -> n.startsWith("dashboard.") && n.endsWith(".js"))
                .findFirst().orElseThrow();

        ResponseEntity<byte[]> hashed = controller.asset(script);
        ResponseEntity<byte[]> plain = controller.asset("dashboard.js");

        assertThat(hashed.getHeaders().getCacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(hashed.getBody()).isEqualTo(plain.getBody());
        assertThat(plain.getHeaders().getCacheControl()).isEqualTo("max-age=3600");
    }

    @Test
    void theHashFollowsTheContentAndAStaleHashIsNotFound() {
        assertThat(HashedAssets.hashedName("a.js", "one".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(HashedAssets.hashedName("a.js", "two".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(HashedAssets.hashedName("a.js", "one".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> new DashboardController("").asset("dashboard.000000000000.js"))
                .isInstanceOf(AppError.class);
    }

    @Test
    void withACdnHostThePageLoadsItsAssetsFromThereAndItsPolicyAllowsIt() {
        DashboardController controller = new DashboardController("https://cdn.example.com/");
        ResponseEntity<byte[]> page = controller.page();
        String html = new String(page.getBody(), StandardCharsets.UTF_8);

        assertThat(html).containsPattern("src=\"https://cdn\\.example\\.com/dashboard/uplot\\.[0-9a-f]{12}\\.js\"");
        assertThat(page.getHeaders().getFirst("Content-Security-Policy"))
                .contains("script-src 'self' https://cdn.example.com;")
                .contains("style-src 'self' 'unsafe-inline' https://cdn.example.com;")
                .contains("connect-src 'self';");
        assertThat(new DashboardController("").page().getHeaders().getFirst("Content-Security-Policy"))
                .contains("script-src 'self';");
    }

    @Test
    void aBadCdnHostIsRefusedWithItsValue() {
        assertThatThrownBy(() -> new DashboardController("cdn.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 'cdn.example.com'");
        assertThatThrownBy(() -> new DashboardController("ftp://cdn.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String page(DashboardController controller) {
        return new String(controller.page().getBody(), StandardCharsets.UTF_8);
    }

    private static List<String> references(String page) {
        Matcher matcher = REFERENCE.matcher(page);
        java.util.ArrayList<String> names = new java.util.ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
