package com.corpastro.backend.template;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;

/** Content templates, read through the cache: every generated text starts from one. */
@Service
public class TemplateService {

    private static final Logger log = LoggerFactory.getLogger(TemplateService.class);
    private static final Duration CACHE_TTL = Duration.ofHours(1);
    /** The longest body, the database column's size. */
    static final int MAX_BODY_LENGTH = 8000;

    private final TemplateRepository templates;
    private final CacheManager cache;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TemplateService(TemplateRepository templates, CacheManager cache, PlatformTransactionManager transactionManager,
            Clock clock) {
        this.templates = templates;
        this.cache = cache;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Replaces the body of {@code key} (the version goes one up), or 404 problem+json. The invalidation
     * is asked for inside the update's transaction: the CDN purge outbox row commits with the change,
     * and the cached copies (both levels, the cached responses) go right after the commit.
     */
    public Template update(String key, String body) {
        Template updated = transactions.execute(status -> {
            if (!templates.update(key, body, clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC))) {
                throw new AppError(HttpStatus.NOT_FOUND, "template_not_found",
                        "No template with key '" + Inputs.echo(key) + "'.");
            }
            cache.invalidateEntity("template", key);
            return templates.findByKey(key).orElseThrow();
        });
        log.info("event=template_updated key={} version={}", key, updated.version());
        return updated;
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
