package com.corpastro.backend.template;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.response.ResponseCacheTags;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
class TemplateController {

    private final TemplateService templates;

    TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    record TemplateResponse(String key, String body, int version, Instant updatedAt) {
    }

    /** Line breaks and tabs are allowed in a template; other control characters and unpaired surrogates are not. */
    record TemplateUpdate(@NotBlank @Size(max = TemplateService.MAX_BODY_LENGTH)
            @Pattern(regexp = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\p{Cs}]*",
                    message = "must not contain control characters other than line breaks and tabs") String body) {
    }

    /** Admins only (the path is under /api/admin): the new body, the version one higher, every cached copy gone. */
    @PutMapping("/api/admin/templates/{key}")
    TemplateResponse update(@PathVariable String key, @Valid @RequestBody TemplateUpdate update) {
        Template template = templates.update(key, update.body());
        return new TemplateResponse(template.key(), template.body(), template.version(), template.updatedAt());
    }

    @GetMapping("/api/templates/{key}")
    TemplateResponse get(@PathVariable String key) {
        Template template = templates.get(key);
        ResponseCacheTags.add(EntityTag.of("template", key));
        return new TemplateResponse(template.key(), template.body(), template.version(), template.updatedAt());
    }
}
