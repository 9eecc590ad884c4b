package com.corpastro.performance.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import com.corpastro.performance.error.AppError;
import com.corpastro.performance.internal.HashedAssets;

/**
 * Serves the live dashboard at {@code GET /dashboard}: one HTML page that asks for the admin
 * token and charts the monitor API with uPlot, which comes from its webjar on the classpath.
 * The page references its scripts and style sheets under content-hashed names
 * ({@code /dashboard/uplot.3f9a0c1d2e4b.js}), answered with
 * {@code Cache-Control: public, max-age=31536000, immutable}: a new build changes the names, so
 * browsers and CDNs may keep them for good. With an asset base URL (a CDN host) the page loads
 * them from there, and its Content-Security-Policy allows that origin for scripts and styles;
 * otherwise nothing is loaded from elsewhere. The page itself holds no data; every number comes
 * from the admin-only API.
 */
@Controller
class DashboardController {

    private static final String BASE = "META-INF/resources/corp-astro/dashboard/";

    private final HashedAssets assets;
    private final byte[] page;
    private final String csp;

    /**
     * @param assetBaseUrl where the page loads its assets from, e.g. {@code https://cdn.example.com}
     *                     (which forwards {@code /dashboard/*} here); empty for this origin
     */
    DashboardController(String assetBaseUrl) {
        String base = assetBaseUrl == null ? "" : assetBaseUrl.strip();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String origin = base.isEmpty() ? "" : origin(base);
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        this.assets = new HashedAssets(Map.of(
                "dashboard.js", new HashedAssets.Asset(BASE + "dashboard.js", "text/javascript"),
                "push.js", new HashedAssets.Asset(BASE + "push.js", "text/javascript"),
                "dashboard.css", new HashedAssets.Asset(BASE + "dashboard.css", "text/css"),
                "uplot.js", new HashedAssets.Asset(uplot + "uPlot.iife.min.js", "text/javascript"),
                "uplot.css", new HashedAssets.Asset(uplot + "uPlot.min.css", "text/css")));
        this.page = assets.page(HashedAssets.bytes(BASE + "index.html"), base);
        String from = origin.isEmpty() ? "" : " " + origin;
        this.csp = "default-src 'self'; script-src 'self'" + from + "; style-src 'self' 'unsafe-inline'" + from
                + "; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
    }

    private static String origin(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the asset base URL must be an http(s) URL without query or fragment, was '"
                    + url + "'");
        }
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    // Bytes rather than a Resource: Spring answers a bad Range header on a Resource with a 416
    // carrying the whole file; these few small files are always sent whole.
    @GetMapping({"/dashboard", "/dashboard/"})
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", csp)
                .header("X-Content-Type-Options", "nosniff")
                .body(page);
    }

    @GetMapping("/dashboard/{name:.+}")
    ResponseEntity<byte[]> asset(@PathVariable String name) {
        // A hashed name never changes its content; a plain one (an old page, a bookmark) may.
        ResponseEntity<byte[]> answer = assets.answer(name);
        if (answer == null) {
            throw new AppError(HttpStatus.NOT_FOUND, "not_found", "No dashboard asset named '" + name + "'.");
        }
        return answer;
    }

    /** The version of the uPlot webjar on the classpath. */
    static String uplotVersion() {
        try (InputStream in = DashboardController.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot webjar (org.webjars.npm:uplot) is not on the classpath");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
