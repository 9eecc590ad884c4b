package com.corpastro.backend.template;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;

/** Content templates, read through the cache: every generated text starts from one. */
@Service
public class TemplateService {

    private static final Logger log = LoggerFactory.getLogger(TemplateService.class);
    private static final Duration CACHE_TTL = Duration.ofHours(1);

    private final TemplateRepository templates;
    private final CacheManager cache;

    TemplateService(TemplateRepository templates, CacheManager cache) {
        this.templates = templates;
        this.cache = cache;
    }

    /** The template under {@code key}, or 404 problem+json. */
    public Template get(String key) {
        Template template = cache.getOrSet(cacheKey(key), Template.class, CACHE_TTL, tags(key),
                () -> templates.findByKey(key).orElse(null));
        if (template == null) {
            throw new AppError(HttpStatus.NOT_FOUND, "template_not_found", "No template with key '" + Inputs.echo(key) + "'.");
        }
        return template;
    }

    /** Loads every template into the cache; returns how many. */
    public int preload() {
        List<Template> all = templates.findAll();
        all.forEach(t -> cache.set(cacheKey(t.key()), t, CACHE_TTL, tags(t.key())));
        log.info("event=templates_preloaded count={}", all.size());
        return all.size();
    }

    private static String cacheKey(String key) {
        return "template:" + key;
    }

    private static List<EntityTag> tags(String key) {
        return List.of(EntityTag.of("template", key));
    }
}
