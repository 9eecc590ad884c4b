package com.corpastro.performance.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The scripts and style sheets of an HTML page under content-hashed names
 * ({@code dashboard.3f9a0c1d2e4b.js}), for the dashboard and the report view: the page names
 * them by hash, and a hashed name is answered with {@value #IMMUTABLE}, since a new build
 * changes the name; the plain name (an old page, a bookmark) still answers, for an hour.
 *
 * <pre>{@code
 * HashedAssets assets = new HashedAssets(Map.of("reports.js", new HashedAssets.Asset(
 *         "META-INF/resources/corp-astro/dashboard/reports.js", "text/javascript")));
 * byte[] page = assets.page(HashedAssets.bytes(".../reports.html"), "");   // names rewritten
 * ResponseEntity<byte[]> script = assets.answer("reports.3f9a0c1d2e4b.js"); // null when unknown
 * }</pre>
 */
public final class HashedAssets {

    /** For content-hashed names: a year, the longest RFC 9111 advises, and never revalidated. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final int HASH_LENGTH = 12;

    /** One file: its classpath location and media type (without charset). */
    public record Asset(String path, String contentType) {
    }

    private final Map<String, Asset> assets;
    /** Content-hashed name to plain name, e.g. {@code uplot.3f9a0c1d2e4b.js} to {@code uplot.js}. */
    private final Map<String, String> plainNames;
    /** Plain name to content-hashed name. */
    private final Map<String, String> hashedNames;

    /** @param assets plain name ({@code reports.js}) to the file; each is read once, here */
    public HashedAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
        Map<String, String> plain = new HashMap<>();
        Map<String, String> hashed = new HashMap<>();
        for (Map.Entry<String, Asset> asset : this.assets.entrySet()) {
            String name = hashedName(asset.getKey(), bytes(asset.getValue().path()));
            plain.put(name, asset.getKey());
            hashed.put(asset.getKey(), name);
        }
        this.plainNames = Map.copyOf(plain);
        this.hashedNames = Map.copyOf(hashed);
    }

    /**
     * The HTML {@code page} with every quoted reference {@code "/dashboard/<plain name>"} turned into
     * {@code "<base>/dashboard/<hashed name>"}; {@code base} is empty for this origin.
     */
    public byte[] page(byte[] page, String base) {
        String html = new String(page, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> name : hashedNames.entrySet()) {
            html = html.replace("\"/dashboard/" + name.getKey() + "\"", "\"" + base + "/dashboard/" + name.getValue()
                    + "\"");
        }
        return html.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The answer for {@code name}, hashed (immutable) or plain (an hour); {@code null} when no asset
     * has that name, a stale hash included.
     */
    public ResponseEntity<byte[]> answer(String name) {
        String plain = plainNames.get(name);
        Asset asset = assets.get(plain != null ? plain : name);
        if (asset == null) {
            return null;
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(asset.contentType() + ";charset=UTF-8"))
                .header("Cache-Control", plain != null ? IMMUTABLE
                        : CacheControl.maxAge(Duration.ofHours(1)).getHeaderValue())
                .header("X-Content-Type-Options", "nosniff")
                .body(bytes(asset.path()));
    }

    /** {@code uplot.js} with the first hex digits of the SHA-256 of {@code content}: {@code uplot.3f9a0c1d2e4b.js}. */
    public static String hashedName(String name, byte[] content) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content)).substring(0, HASH_LENGTH);
            int dot = name.lastIndexOf('.');
            return name.substring(0, dot) + "." + hash + name.substring(dot);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** The bytes of a classpath resource. */
    public static byte[] bytes(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }
}
