package com.corpastro.performance.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.LocalCacheManager;

/**
 * Provides the application {@link CacheManager}: an in-process Caffeine cache sized by
 * {@code corp-astro.cache.*}. Backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(CacheProperties.class)
public class PerformanceCacheAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    LocalCacheManager corpAstroCacheManager(CacheProperties properties) {
        return LocalCacheManager.builder()
                .maximumEntries(properties.getMaximumEntries())
                .maximumTtl(properties.getMaximumTtl())
                .build();
    }
}
