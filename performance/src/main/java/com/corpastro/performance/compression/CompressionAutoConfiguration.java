package com.corpastro.performance.compression;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The response {@link Compression} (br, zstd, gzip) that the response filter applies, from
 * {@code corp-astro.http.compression.*}; on by default, off with
 * {@code corp-astro.http.compression.enabled=false}. Spring Boot's own
 * {@code server.compression.enabled} must stay off, or responses would be compressed twice. Backs
 * off when the application defines its own {@link Compression}.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnProperty(prefix = "corp-astro.http.compression", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(CompressionProperties.class)
public class CompressionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Compression corpAstroCompression(CompressionProperties properties, Environment environment) {
        if (environment.getProperty("server.compression.enabled", Boolean.class, false)) {
            throw new IllegalStateException("server.compression.enabled=true would compress responses a second "
                    + "time; turn it off, or set corp-astro.http.compression.enabled=false");
        }
        return Compression.builder()
                .codings(properties.getCodings().stream().map(ContentCoding::fromToken).toList())
                .minSize(properties.getMinSize().toBytes())
                .mimeTypes(properties.getMimeTypes())
                .brotliQuality(properties.getBrotliQuality())
                .unstoredBrotliQuality(properties.getUnstoredBrotliQuality())
                .zstdLevel(properties.getZstdLevel())
                .gzipLevel(properties.getGzipLevel())
                .build();
    }
}
