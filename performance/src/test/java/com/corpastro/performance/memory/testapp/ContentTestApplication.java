package com.corpastro.performance.memory.testapp;

import java.time.Duration;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.memory.LoadShedding;

/** Content served from cache when possible and generated otherwise, generation guarded by {@link LoadShedding}. */
@SpringBootApplication
public class ContentTestApplication {

    @RestController
    static class ContentController {

        private final CacheManager cache;
        private final LoadShedding loadShedding;

        ContentController(CacheManager cache, LoadShedding loadShedding) {
            this.cache = cache;
            this.loadShedding = loadShedding;
        }

        @GetMapping("/content/{key}")
        String content(@PathVariable String key) {
            return cache.getOrSet("content:" + key, String.class,
                    () -> loadShedding.call(() -> "horoscope for " + key), Duration.ofMinutes(5));
        }
    }
}
