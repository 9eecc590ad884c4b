package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import com.corpastro.performance.error.AppError;
import com.corpastro.performance.internal.HashedAssets;

/** The report view's script and style sheet under content-hashed, immutable names, as the dashboard's. */
class ReportAssetsTest {

    private static final Pattern REFERENCE = Pattern.compile("\"/dashboard/(reports\\.[0-9a-f]{12}\\.(?:js|css))\"");

    private final AnalyticsController controller = new AnalyticsController(null, null, null, null, null);

    @Test
    void theViewReferencesItsScriptAndStyleByTheirContentHash() {
        String page = new String(controller.page().getBody(), StandardCharsets.UTF_8);

        assertThat(references(page)).containsExactlyInAnyOrder(
                HashedAssets.hashedName("reports.js", HashedAssets.bytes("META-INF/resources/corp-astro/dashboard/reports.js")),
                HashedAssets.hashedName("reports.css", HashedAssets.bytes("META-INF/resources/corp-astro/dashboard/reports.css")));
        assertThat(page).doesNotContain("\"/dashboard/reports.js\"").doesNotContain("\"/dashboard/reports.css\"");
    }

    @Test
    void aHashedNameIsImmutableForAYearAndThePlainNameForAnHour() {
        String script = references(new String(controller.page().getBody(), StandardCharsets.UTF_8)).stream()
                .filter(name -> name.endsWith(".js")).findFirst().orElseThrow();

        ResponseEntity<byte[]> hashed = controller.asset(request("/dashboard/" + script));
        ResponseEntity<byte[]> plain = controller.asset(request("/dashboard/reports.js"));

        assertThat(hashed.getHeaders().getCacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(hashed.getHeaders().getContentType()).hasToString("text/javascript;charset=UTF-8");
        assertThat(hashed.getBody()).isEqualTo(plain.getBody());
        assertThat(plain.getHeaders().getCacheControl()).isEqualTo("max-age=3600");
    }

    @Test
    void aStaleHashIsNotFound() {
        assertThatThrownBy(() -> controller.asset(request("/dashboard/reports.000000000000.css")))
                .isInstanceOf(AppError.class).hasMessageContaining("reports.000000000000.css");
    }

    private static MockHttpServletRequest request(String uri) {
        return new MockHttpServletRequest("GET", uri);
    }

    private static List<String> references(String page) {
        List<String> names = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(page);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
