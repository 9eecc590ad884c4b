package com.corpastro.backend.template;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.response.ResponseCacheTags;

@RestController
class TemplateController {

    private final TemplateService templates;

    TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    record TemplateResponse(String key, String body, int version, Instant updatedAt) {
    }

    @GetMapping("/api/templates/{key}")
    TemplateResponse get(@PathVariable String key) {
        Template template = templates.get(key);
        ResponseCacheTags.add(EntityTag.of("template", key));
        return new TemplateResponse(template.key(), template.body(), template.version(), template.updatedAt());
    }
}
