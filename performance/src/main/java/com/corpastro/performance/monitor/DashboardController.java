package com.corpastro.performance.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import com.corpastro.performance.error.AppError;

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
    /** For content-hashed names: a year, the longest RFC 9111 advises, and never revalidated. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final int HASH_LENGTH = 12;

    private final Map<String, Asset> assets;
    /** Content-hashed name to plain name, e.g. {@code uplot.3f9a0c1d2e4b.js} to {@code uplot.js}. */
    private final Map<String, String> hashed;
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
        this.assets = Map.of(
                "dashboard.js", new Asset(BASE + "dashboard.js", "text/javascript"),
                "push.js", new Asset(BASE + "push.js", "text/javascript"),
                "dashboard.css", new Asset(BASE + "dashboard.css", "text/css"),
                "uplot.js", new Asset(uplot + "uPlot.iife.min.js", "text/javascript"),
                "uplot.css", new Asset(uplot + "uPlot.min.css", "text/css"));
        Map<String, String> names = new HashMap<>();
        String html = new String(bytes(BASE + "index.html"), StandardCharsets.UTF_8);
        for (Map.Entry<String, Asset> asset : assets.entrySet()) {
            String name = asset.getKey();
            String hashedName = hashedName(name, bytes(asset.getValue().path()));
            names.put(hashedName, name);
            html = html.replace("\"/dashboard/" + name + "\"", "\"" + base + "/dashboard/" + hashedName + "\"");
        }
        this.hashed = Map.copyOf(names);
        this.page = html.getBytes(StandardCharsets.UTF_8);
        String from = origin.isEmpty() ? "" : " " + origin;
        this.csp = "default-src 'self'; script-src 'self'" + from + "; style-src 'self' 'unsafe-inline'" + from
                + "; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
    }

    /** {@code uplot.js} with the first hex digits of the SHA-256 of {@code content}: {@code uplot.3f9a0c1d2e4b.js}. */
    static String hashedName(String name, byte[] content) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content)).substring(0, HASH_LENGTH);
            int dot = name.lastIndexOf('.');
            return name.substring(0, dot) + "." + hash + name.substring(dot);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
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
        String plain = hashed.get(name);
        Asset asset = assets.get(plain != null ? plain : name);
        if (asset == null) {
            throw new AppError(HttpStatus.NOT_FOUND, "not_found", "No dashboard asset named '" + name + "'.");
        }
        // A hashed name never changes its content; a plain one (an old page, a bookmark) may.
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(asset.contentType + ";charset=UTF-8"))
                .header("Cache-Control", plain != null ? IMMUTABLE : CacheControl.maxAge(Duration.ofHours(1))
                        .getHeaderValue())
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes(asset.path));
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

    private static byte[] bytes(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    private record Asset(String path, String contentType) {
    }
}
