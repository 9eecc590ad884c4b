package com.corpastro.backend.content;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.response.ResponseCacheTags;

import io.swagger.v3.oas.annotations.Parameter;

import jakarta.servlet.http.HttpServletResponse;

@RestController
class ContentController {

    /** Marks an answer served from the last good copy because the database or the generator failed. */
    static final String STALE_HEADER = "X-Cache";

    private final BusinessService businesses;
    private final OptimizedContentService contents;
    private final ContentWriter writer;
    private final Clock clock;

    ContentController(BusinessService businesses, OptimizedContentService contents, ContentWriter writer,
            Clock clock) {
        this.businesses = businesses;
        this.contents = contents;
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * {@code source}: {@code builtin} or {@code external}, the generator that wrote the body;
     * {@code sky}: the astrological data the body was written from.
     */
    record ContentResponse(long businessId, String contentType, LocalDate period, String body, boolean fromCache,
            Instant generatedAt, Instant expiresAt, String source, Sky sky) {
    }

    @GetMapping("/api/businesses/{id}/content/{contentType}")
    ContentResponse get(@Parameter(hidden = true) Caller caller, @PathVariable long id,
            @PathVariable String contentType,
            @Parameter(description = "Any day of the period, YYYY-MM-DD, 1900-01-01 to 2100-12-31; today (UTC) when absent")
            @RequestParam(required = false) String date, HttpServletResponse response) {
        ContentType type = ContentType.fromKey(contentType).orElseThrow(() -> new AppError(HttpStatus.BAD_REQUEST,
                "unknown_content_type",
                "Unknown content type '" + Inputs.echo(contentType) + "'; use one of " + ContentType.allKeys() + "."));
        LocalDate day = date == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : Inputs.day(date);
        Business business = businesses.get(caller, id);
        LocalDate periodStart = type.periodStart(day);
        // Content belongs to the business's owner, so an admin reading it sees the owner's copy.
        OptimizedContentService.ContentResult result = contents.getOrGenerateContent(business.ownerId(), business,
                type, periodStart,
                () -> writer.write(business, type, periodStart, contents.getTemplate(type.templateKey())));
        Content content = result.content();
        // Cached responses go when the business or its owner changes. A freshly generated answer
        // says fromCache=false, which must not be replayed; the next one (fromCache=true) is stored.
        ResponseCacheTags.add(EntityTag.of("business", business.id()), EntityTag.of("user", business.ownerId()));
        if (!result.fromCache() || result.stale()) {
            ResponseCacheTags.doNotStore();
        }
        if (result.stale()) {
            // The last good copy while the database or the generator fails: clients should ask again.
            response.setHeader(STALE_HEADER, "STALE");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        }
        // Content stored before the sky was kept: the same inputs (the revision matches) give the same sky.
        Sky sky = content.sky() != null ? content.sky() : writer.sky(business, type, periodStart);
        return new ContentResponse(business.id(), type.key(), content.period(), content.body(), result.fromCache(),
                content.generatedAt(), content.expiresAt(), content.source().key(), sky);
    }
}
