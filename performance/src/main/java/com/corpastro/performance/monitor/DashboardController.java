package com.corpastro.performance.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
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
 * token and charts the monitor API with uPlot, which comes from its webjar on the classpath
 * ({@code /dashboard/uplot.js}); nothing is loaded from elsewhere, and the page's
 * Content-Security-Policy allows only this origin. The page itself holds no data; every number
 * comes from the admin-only API.
 */
@Controller
class DashboardController {

    private static final String BASE = "META-INF/resources/corp-astro/dashboard/";
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'";

    private final Map<String, Asset> assets;

    DashboardController() {
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        this.assets = Map.of(
                "dashboard.js", new Asset(BASE + "dashboard.js", "text/javascript"),
                "push.js", new Asset(BASE + "push.js", "text/javascript"),
                "dashboard.css", new Asset(BASE + "dashboard.css", "text/css"),
                "uplot.js", new Asset(uplot + "uPlot.iife.min.js", "text/javascript"),
                "uplot.css", new Asset(uplot + "uPlot.min.css", "text/css"));
    }

    // Bytes rather than a Resource: Spring answers a bad Range header on a Resource with a 416
    // carrying the whole file; these few small files are always sent whole.
    @GetMapping({"/dashboard", "/dashboard/"})
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes(BASE + "index.html"));
    }

    @GetMapping("/dashboard/{name:.+}")
    ResponseEntity<byte[]> asset(@PathVariable String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            throw new AppError(HttpStatus.NOT_FOUND, "not_found", "No dashboard asset named '" + name + "'.");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(asset.contentType + ";charset=UTF-8"))
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)))
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
