package com.corpastro.performance.compression;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.util.MimeType;

import com.corpastro.performance.compression.internal.Encoders;

/**
 * Response compression policy and codecs: which codings are offered (in server preference order),
 * which content types are worth compressing, from which size, and at which levels.
 *
 * <pre>{@code
 * Compression compression = Compression.builder().minSize(1024).brotliQuality(5).build();
 * ContentCoding coding = compression.negotiate(request.getHeader("Accept-Encoding"));
 * if (compression.isCompressible(contentType) && body.length >= compression.minSize()) {
 *     byte[] compressed = compression.compress(coding, body);
 * }
 * }</pre>
 *
 * <p>A coding whose native library does not load on this platform is left out (logged once).
 */
public final class Compression {

    private final List<ContentCoding> codings;
    private final int minSize;
    private final List<MimeType> mimeTypes;
    private final int brotliQuality;
    private final int unstoredBrotliQuality;
    private final int zstdLevel;
    private final int gzipLevel;

    private Compression(Builder builder) {
        List<ContentCoding> available = new ArrayList<>();
        for (ContentCoding coding : builder.codings) {
            if ((coding == ContentCoding.BROTLI && !Encoders.brotliAvailable())
                    || (coding == ContentCoding.ZSTD && !Encoders.zstdAvailable())
                    || coding == ContentCoding.IDENTITY) {
                continue;
            }
            available.add(coding);
        }
        this.codings = List.copyOf(available);
        this.minSize = builder.minSize;
        this.mimeTypes = List.copyOf(builder.mimeTypes);
        this.brotliQuality = builder.brotliQuality;
        this.unstoredBrotliQuality = builder.unstoredBrotliQuality < 0 ? builder.brotliQuality
                : builder.unstoredBrotliQuality;
        this.zstdLevel = builder.zstdLevel;
        this.gzipLevel = builder.gzipLevel;
    }

    /** A builder with the defaults: br, zstd, gzip; 1 KiB; JSON, text, JavaScript, CSS, SVG, XML. */
    public static Builder builder() {
        return new Builder();
    }

    /** The codings offered, best first; never contains {@link ContentCoding#IDENTITY}. */
    public List<ContentCoding> codings() {
        return codings;
    }

    /** The smallest body, in bytes, that is compressed. */
    public int minSize() {
        return minSize;
    }

    /**
     * The best coding for an {@code Accept-Encoding} header: the offered coding with the highest
     * q-value, ties going to the server's order; {@link ContentCoding#IDENTITY} when none is
     * acceptable or the header is absent.
     */
    public ContentCoding negotiate(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank() || codings.isEmpty()) {
            return ContentCoding.IDENTITY;
        }
        Map<ContentCoding, Double> q = new EnumMap<>(ContentCoding.class);
        double wildcard = -1;
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String token = pieces[0].trim().toLowerCase(Locale.ROOT);
            double value = 1.0;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].trim();
                if (parameter.length() > 2 && (parameter.charAt(0) == 'q' || parameter.charAt(0) == 'Q')
                        && parameter.charAt(1) == '=') {
                    try {
                        value = Double.parseDouble(parameter.substring(2).trim());
                    } catch (NumberFormatException e) {
                        value = 0;
                    }
                }
            }
            switch (token) {
                case "br" -> q.put(ContentCoding.BROTLI, value);
                case "zstd" -> q.put(ContentCoding.ZSTD, value);
                case "gzip", "x-gzip" -> q.put(ContentCoding.GZIP, value);
                case "*" -> wildcard = value;
                default -> {
                }
            }
        }
        ContentCoding best = ContentCoding.IDENTITY;
        double bestQ = 0;
        for (ContentCoding coding : codings) {
            double value = q.getOrDefault(coding, wildcard);
            if (value > bestQ) {
                best = coding;
                bestQ = value;
            }
        }
        return best;
    }

    /**
     * Whether a body of this content type is worth compressing (never {@code text/event-stream},
     * which must stream).
     */
    public boolean isCompressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        MimeType type;
        try {
            type = MimeType.valueOf(contentType);
        } catch (RuntimeException e) {
            return false;
        }
        if ("text".equals(type.getType()) && "event-stream".equals(type.getSubtype())) {
            return false;
        }
        for (MimeType candidate : mimeTypes) {
            if (candidate.includes(type)) {
                return true;
            }
        }
        return false;
    }

    /** {@code body} in {@code coding}; {@link ContentCoding#IDENTITY} returns it as is. */
    public byte[] compress(ContentCoding coding, byte[] body) {
        return switch (coding) {
            case BROTLI -> Encoders.brotli(body, brotliQuality);
            case ZSTD -> Encoders.zstd(body, zstdLevel);
            case GZIP -> Encoders.gzip(body, gzipLevel);
            case IDENTITY -> body;
        };
    }

    /**
     * {@code body} in {@code coding} for one client only (an answer no cache keeps): brotli at the
     * {@linkplain Builder#unstoredBrotliQuality unstored quality}, the other codings as {@link #compress}.
     */
    public byte[] compressOnce(ContentCoding coding, byte[] body) {
        return coding == ContentCoding.BROTLI ? Encoders.brotli(body, unstoredBrotliQuality) : compress(coding, body);
    }

    /** Builds {@link Compression}; every setter rejects a bad value with the value in the message. */
    public static final class Builder {

        private List<ContentCoding> codings = List.of(ContentCoding.BROTLI, ContentCoding.ZSTD, ContentCoding.GZIP);
        private int minSize = 1024;
        private List<MimeType> mimeTypes = parse(List.of("application/json", "application/*+json",
                "application/javascript", "text/*", "image/svg+xml", "application/xml", "application/*+xml"));
        private int brotliQuality = 5;
        private int unstoredBrotliQuality = -1;
        private int zstdLevel = 3;
        private int gzipLevel = 6;

        private Builder() {
        }

        /** The codings offered, best first. */
        public Builder codings(List<ContentCoding> codings) {
            if (codings == null) {
                throw new IllegalArgumentException("codings must not be null");
            }
            this.codings = List.copyOf(codings);
            return this;
        }

        /** The smallest body, in bytes, worth compressing. */
        public Builder minSize(long minSize) {
            if (minSize < 0 || minSize > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("minSize must be 0.." + Integer.MAX_VALUE + " bytes, was " + minSize);
            }
            this.minSize = (int) minSize;
            return this;
        }

        /** Compressible content types; wildcards such as {@code text/*} and {@code application/*+json} work. */
        public Builder mimeTypes(List<String> mimeTypes) {
            this.mimeTypes = parse(mimeTypes);
            return this;
        }

        /** Brotli quality, 0 (fastest) to 11 (smallest). */
        public Builder brotliQuality(int quality) {
            if (quality < 0 || quality > 11) {
                throw new IllegalArgumentException("brotliQuality must be 0..11, was " + quality);
            }
            this.brotliQuality = quality;
            return this;
        }

        /**
         * Brotli quality, 0 to 11, of {@link Compression#compressOnce}: an answer compressed for one client
         * is worth less time than one served many times; the {@link #brotliQuality} unless set.
         */
        public Builder unstoredBrotliQuality(int quality) {
            if (quality < 0 || quality > 11) {
                throw new IllegalArgumentException("unstoredBrotliQuality must be 0..11, was " + quality);
            }
            this.unstoredBrotliQuality = quality;
            return this;
        }

        /** Zstandard level, 1 to 22. */
        public Builder zstdLevel(int level) {
            if (level < 1 || level > 22) {
                throw new IllegalArgumentException("zstdLevel must be 1..22, was " + level);
            }
            this.zstdLevel = level;
            return this;
        }

        /** gzip level, 1 to 9. */
        public Builder gzipLevel(int level) {
            if (level < 1 || level > 9) {
                throw new IllegalArgumentException("gzipLevel must be 1..9, was " + level);
            }
            this.gzipLevel = level;
            return this;
        }

        public Compression build() {
            return new Compression(this);
        }

        private static List<MimeType> parse(List<String> types) {
            List<MimeType> parsed = new ArrayList<>();
            for (String type : types) {
                try {
                    parsed.add(MimeType.valueOf(type.trim()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("compressible MIME type is not valid, was '" + type + "'", e);
                }
            }
            return parsed;
        }
    }
}
