package com.corpastro.backend.graphql;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.dataloader.DataLoader;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.graphql.execution.BatchLoaderRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.account.User;
import com.corpastro.backend.account.UserService;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.business.BusinessPage;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.backend.content.ContentType;
import com.corpastro.backend.content.ContentWriter;
import com.corpastro.backend.content.OptimizedContentService;
import com.corpastro.backend.content.OptimizedContentService.ContentRequest;
import com.corpastro.backend.content.OptimizedContentService.ContentResult;
import com.corpastro.backend.system.Inputs;
import com.corpastro.backend.template.Template;
import com.corpastro.backend.template.TemplateService;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;

import graphql.GraphQLContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

/**
 * The schema's fields over the services the REST controllers use, with their ownership rules.
 * Users, pages of businesses and content load through DataLoaders, so a list of businesses with
 * their owners and content costs one statement per kind, not one per business.
 */
@Controller
class GraphQlController {

    private final UserService users;
    private final BusinessService businesses;
    private final OptimizedContentService contents;
    private final ContentWriter writer;
    private final TemplateService templates;
    private final Validator validator;
    private final Clock clock;

    GraphQlController(UserService users, BusinessService businesses, OptimizedContentService contents, ContentWriter writer,
            TemplateService templates, Validator validator, Clock clock, BatchLoaderRegistry loaders) {
        this.users = users;
        this.businesses = businesses;
        this.contents = contents;
        this.writer = writer;
        this.templates = templates;
        this.validator = validator;
        this.clock = clock;
        // Synchronous loaders (Mono.fromSupplier): they run on the request's thread, where its
        // statements are counted in its query scope.
        loaders.forTypePair(Long.class, User.class)
                .registerMappedBatchLoader((ids, environment) -> Mono.fromSupplier(() -> users.findAllById(ids)));
        loaders.forTypePair(PageKey.class, BusinessPage.class).registerMappedBatchLoader(
                (keys, environment) -> Mono.fromSupplier(() -> pages(keys, call(environment.getContext()))));
        loaders.forTypePair(ContentKey.class, ContentView.class).registerMappedBatchLoader(
                (keys, environment) -> Mono.fromSupplier(() -> content(keys, call(environment.getContext()))));
    }

    /** One page of an owner's businesses, as a DataLoader key: equal pages asked twice load once. */
    record PageKey(long ownerId, int first, String after) {
    }

    /** One content of a business, as a DataLoader key. */
    record ContentKey(Business business, ContentType type, LocalDate periodStart) {
    }

    record ContentView(String contentType, String period, String body, boolean fromCache, String source,
            String generatedAt, String expiresAt) {
    }

    record PlanetPosition(String planet, double longitude, String sign, double degree, boolean retrograde) {
    }

    record BusinessInput(
            @NotBlank @Size(max = 200) @Pattern(regexp = Inputs.PLAIN_TEXT, message = Inputs.PLAIN_TEXT_MESSAGE) String name,
            @NotNull String foundedAt,
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    record BusinessPatch(
            @Size(min = 1, max = 200) @Pattern(regexp = Inputs.PLAIN_TEXT, message = Inputs.PLAIN_TEXT_MESSAGE) String name,
            String foundedAt,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    // ------------------------------------------------------------------ Query

    @QueryMapping
    CompletableFuture<User> me(@ContextValue(name = GraphQlCall.KEY) GraphQlCall call, DataLoader<Long, User> userLoader) {
        long id = call.caller().requireUserId();
        call.tag(EntityTag.of("user", id));
        return userLoader.load(id).thenApply(user -> {
            if (user == null) {
                throw new AppError(HttpStatus.NOT_FOUND, "user_not_found", "The user of this token no longer exists.");
            }
            return user;
        });
    }

    @QueryMapping
    Business business(@Argument String id, @ContextValue(name = GraphQlCall.KEY) GraphQlCall call) {
        long businessId = id(id);
        call.tag(EntityTag.of("business", businessId));
        return nullWhen("business_not_found", () -> businesses.get(call.caller(), businessId));
    }

    @QueryMapping
    Template template(@Argument String key, @ContextValue(name = GraphQlCall.KEY) GraphQlCall call) {
        call.tag(EntityTag.of("template", key));
        return nullWhen("template_not_found", () -> templates.get(key));
    }

    /** What {@code read} returns, or null (the schema's "missing or not yours") when it fails with {@code code}. */
    private static <T> T nullWhen(String code, Supplier<T> read) {
        try {
            return read.get();
        } catch (AppError error) {
            if (code.equals(error.code())) {
                return null;
            }
            throw error;
        }
    }

    // ------------------------------------------------------------------ Mutation

    @MutationMapping
    Business createBusiness(@Argument BusinessInput input, @ContextValue(name = GraphQlCall.KEY) GraphQlCall call) {
        long owner = call.caller().requireUserId();
        validate(input);
        return businesses.create(owner, input.name(), instant("foundedAt", input.foundedAt()), input.latitude(),
                input.longitude());
    }

    @MutationMapping
    Business updateBusiness(@Argument String id, @Argument BusinessPatch input,
            @ContextValue(name = GraphQlCall.KEY) GraphQlCall call) {
        Caller caller = call.caller();
        validate(input);
        Instant foundedAt = input.foundedAt() == null ? null : instant("foundedAt", input.foundedAt());
        return businesses.update(caller, id(id), new BusinessService.Changes(input.name(), foundedAt, input.latitude(),
                input.longitude()), revision -> true);
    }

    // ------------------------------------------------------------------ User

    @SchemaMapping(typeName = "User")
    CompletableFuture<BusinessPage> businesses(User user, @Argument int first, @Argument String after,
            @ContextValue(name = GraphQlCall.KEY) GraphQlCall call, DataLoader<PageKey, BusinessPage> pageLoader) {
        call.tag(EntityTag.of(BusinessService.LIST_ENTITY, user.id()));
        return pageLoader.load(new PageKey(user.id(), first, after));
    }

    // ------------------------------------------------------------------ Business

    @SchemaMapping(typeName = "Business")
    CompletableFuture<User> owner(Business business, DataLoader<Long, User> userLoader) {
        return userLoader.load(business.ownerId());
    }

    @SchemaMapping(typeName = "Business")
    List<PlanetPosition> natalChart(Business business) {
        return business.natalChart().entrySet().stream().map(planet -> new PlanetPosition(planet.getKey(),
                planet.getValue().longitude(), planet.getValue().sign(), planet.getValue().degree(),
                planet.getValue().retrograde())).toList();
    }

    @SchemaMapping(typeName = "Business")
    CompletableFuture<ContentView> content(Business business, @Argument String type, @Argument String date,
            @ContextValue(name = GraphQlCall.KEY) GraphQlCall call, DataLoader<ContentKey, ContentView> contentLoader) {
        ContentType contentType = ContentType.fromKey(type).orElseThrow(() -> new AppError(HttpStatus.BAD_REQUEST,
                "unknown_content_type", "Unknown content type '" + Inputs.echo(type) + "'."));
        LocalDate day = date == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : Inputs.day(date);
        // Cached responses go when the business or its owner changes, as REST content's do.
        call.tag(EntityTag.of("business", business.id()), EntityTag.of("user", business.ownerId()));
        return contentLoader.load(new ContentKey(business, contentType, contentType.periodStart(day)));
    }

    // ------------------------------------------------------------------ loaders

    private Map<PageKey, BusinessPage> pages(Set<PageKey> keys, GraphQlCall call) {
        Map<PageKey, BusinessPage> pages = new HashMap<>();
        for (PageKey key : keys) {
            BusinessPage page = businesses.page(call.caller(), key.ownerId(), key.first(), key.after());
            page.items().forEach(business -> call.tag(EntityTag.of("business", business.id())));
            pages.put(key, page);
        }
        return pages;
    }

    private Map<ContentKey, ContentView> content(Set<ContentKey> keys, GraphQlCall call) {
        List<ContentKey> ordered = new ArrayList<>(keys);
        List<ContentRequest> requests = ordered.stream()
                .map(key -> new ContentRequest(key.business(), key.type(), key.periodStart())).toList();
        Map<ContentRequest, ContentResult> results = contents.getOrGenerateAll(requests, request -> writer.write(
                request.business(), request.type(), request.periodStart(),
                contents.getTemplate(request.type().templateKey())));
        Map<ContentKey, ContentView> views = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            ContentResult result = results.get(requests.get(i));
            if (!result.fromCache() || result.stale()) {
                // "Generated just now" or a stale copy must not be replayed by the response cache.
                call.doNotStore();
            }
            var content = result.content();
            views.put(ordered.get(i), new ContentView(content.contentType(), content.period().toString(),
                    content.body(), result.fromCache(), content.source().key(), content.generatedAt().toString(),
                    content.expiresAt().toString()));
        }
        return views;
    }

    private static GraphQlCall call(Object context) {
        return ((GraphQLContext) context).get(GraphQlCall.KEY);
    }

    // ------------------------------------------------------------------ inputs

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                    "id must be a whole number, was '" + Inputs.echo(id) + "'.");
        }
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new AppError(HttpStatus.BAD_REQUEST, "validation_failed",
                    field + ": must be an ISO-8601 instant such as 2011-06-01T08:00:00Z, was '" + Inputs.echo(value) + "'");
        }
    }

    private void validate(Object input) {
        Set<ConstraintViolation<Object>> violations = validator.validate(input);
        if (!violations.isEmpty()) {
            throw new AppError(HttpStatus.BAD_REQUEST, "validation_failed", violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
    }
}
