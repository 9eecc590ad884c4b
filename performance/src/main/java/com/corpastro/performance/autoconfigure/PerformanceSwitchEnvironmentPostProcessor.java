package com.corpastro.performance.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code corp-astro.performance.enabled=false} (environment {@code CORP_ASTRO_PERFORMANCE_ENABLED=false})
 * runs the same application with the optimizations off, for side-by-side measurements: no
 * application cache, no response cache, no compression, no ETags, no rate limits, no one-trip statements
 * (so none of what builds on them, such as the backend's counted content insert). Monitoring,
 * error handling and the database layer stay on, so both modes are measured alike. The switch
 * wins over the individual feature switches.
 */
class PerformanceSwitchEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The property that turns the optimizations off. */
    static final String SWITCH = "corp-astro.performance.enabled";

    static final String SOURCE_NAME = "corpAstroPerformanceOff";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(SWITCH, Boolean.class, true)) {
            return;
        }
        Map<String, Object> off = new LinkedHashMap<>();
        off.put("corp-astro.cache.enabled", "false");
        off.put("corp-astro.http.response-cache.enabled", "false");
        off.put("corp-astro.http.compression.enabled", "false");
        off.put("corp-astro.http.etag.enabled", "false");
        off.put("corp-astro.http.rate-limit.enabled", "false");
        off.put("corp-astro.db.one-trip-statements", "false");
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE_NAME, off));
    }

    @Override
    public int getOrder() {
        // After the application's own configuration files have been read.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
