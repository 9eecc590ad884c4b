package com.corpastro.backend.business;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.astro.SupportedRange;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TypeRef;
import com.corpastro.performance.error.AppError;

/** Businesses and their natal charts; only the owner or an admin may read one. */
@Service
public class BusinessService {

    private static final Logger log = LoggerFactory.getLogger(BusinessService.class);
    private static final Duration CACHE_TTL = Duration.ofMinutes(10);
    /** Lists change with every create, update and import of the owner's businesses, which invalidate them. */
    private static final Duration LIST_CACHE_TTL = Duration.ofMinutes(5);
    private static final TypeRef<List<Business>> BUSINESSES = new TypeRef<>() {};
    /** Compare-and-set attempts of a PATCH before its last attempt takes the row lock. */
    static final int OPTIMISTIC_ATTEMPTS = 3;

    private final BusinessRepository businesses;
    private final NatalCharts charts;
    private final CacheManager cache;
    private final ApplicationEventPublisher events;

    BusinessService(BusinessRepository businesses, NatalCharts charts, CacheManager cache,
            ApplicationEventPublisher events) {
        this.businesses = businesses;
        this.charts = charts;
        this.cache = cache;
        this.events = events;
    }

    public Business create(long ownerId, String name, Instant foundedAt, double latitude, double longitude) {
        requireSupported(foundedAt);
        Business business = businesses.insert(ownerId, name.trim(), foundedAt, latitude, longitude, charts.of(foundedAt));
        // Cached lists of the owner's businesses (a GraphQL response of its pages) now miss one.
        cache.invalidateEntity(LIST_ENTITY, ownerId);
        log.info("event=business_created businessId={} ownerId={}", business.id(), ownerId);
        return business;
    }

    /**
     * The business if {@code caller} may see it. A business of somebody else answers exactly like
     * a missing one, so ids of other users' businesses cannot be probed.
     */
    public Business get(Caller caller, long id) {
        Business business = cache.getOrSet(cacheKey(id), Business.class, CACHE_TTL,
                List.of(EntityTag.of("business", id)), () -> businesses.findById(id).orElse(null));
        if (business == null || !caller.canAccess(business.ownerId())) {
            throw notFound(id);
        }
        return business;
    }

    /**
     * The page of {@code ownerId}'s businesses after {@code after} (a cursor from the previous
     * page's {@link BusinessPage#next() next}, {@code null} for the first), at most {@code size}
     * (1 to {@value BusinessPage#MAX_SIZE}): one keyset read, whatever the page. A caller who may
     * not see the owner's businesses gets an empty page, as if the owner had none.
     */
    public BusinessPage page(Caller caller, long ownerId, int size, String after) {
        int limit = BusinessPage.requireSize(size);
        long afterId = BusinessPage.afterId(after);
        if (!caller.canAccess(ownerId)) {
            return new BusinessPage(List.of(), null);
        }
        // One row more than the page tells whether another page follows, without a count. The rows are
        // cached under business-list:<owner>:..., so invalidating the business-list entity of the owner
        // (create, update, import) drops every page of it on every node.
        List<Business> found = cache.getOrSet(LIST_ENTITY + ":" + ownerId + ":" + afterId + ":" + (limit + 1),
                BUSINESSES, LIST_CACHE_TTL, List.of(EntityTag.of(LIST_ENTITY, ownerId)),
                () -> businesses.findByOwnerAfter(ownerId, afterId, limit + 1));
        if (found.size() <= limit) {
            return new BusinessPage(found, null);
        }
        List<Business> items = List.copyOf(found.subList(0, limit));
        return new BusinessPage(items, BusinessPage.cursor(items.get(limit - 1).id()));
    }

    /**
     * The entity whose invalidation means an owner's list of businesses changed ({@code business-list:<ownerId>}):
     * cached pages and responses built from a page carry it; a new, changed or imported business invalidates it.
     */
    public static final String LIST_ENTITY = "business-list";

    private static AppError notFound(long id) {
        return new AppError(HttpStatus.NOT_FOUND, "business_not_found", "No business with id " + id + ".");
    }

    /** The fields of a business a PATCH may change; {@code null} leaves a field as it is. */
    public record Changes(String name, Instant foundedAt, Double latitude, Double longitude) {

        boolean isEmpty() {
            return name == null && foundedAt == null && latitude == null && longitude == null;
        }

        /** The names of the fields this change sets. */
        List<String> fields() {
            List<String> fields = new ArrayList<>(4);
            if (name != null) {
                fields.add("name");
            }
            if (foundedAt != null) {
                fields.add("foundedAt");
            }
            if (latitude != null) {
                fields.add("latitude");
            }
            if (longitude != null) {
                fields.add("longitude");
            }
            return List.copyOf(fields);
        }
    }

    /**
     * Applies {@code changes} for the business's owner, if {@code precondition} (the revisions an
     * {@code If-Match} names; always true without one) accepts the current revision, else 412
     * precondition_failed. A new founding instant recomputes the natal chart; every change starts a
     * new revision, so content is written again for the new name or chart, and invalidates the
     * business everywhere it is cached.
     *
     * <p>The write is a compare-and-set on the revision the change was computed from, so no
     * concurrent change is lost: the loser reads the business again and reapplies its change (or,
     * with an If-Match naming the old revision, gets 412). After {@value #OPTIMISTIC_ATTEMPTS} lost
     * races the last attempt holds the row lock, so a change cannot starve under contention; 409
     * conflict only when even that cannot write.
     */
    public Business update(Caller caller, long id, Changes changes, IntPredicate precondition) {
        if (changes.isEmpty()) {
            throw new AppError(HttpStatus.BAD_REQUEST, "empty_update",
                    "Send at least one of name, foundedAt, latitude, longitude.");
        }
        if (changes.name() != null && changes.name().isBlank()) {
            throw new AppError(HttpStatus.BAD_REQUEST, "validation_failed", "name: must not be blank");
        }
        if (changes.foundedAt() != null) {
            requireSupported(changes.foundedAt());
        }
        // The chart depends on the founding instant alone: computed once, whatever the retries read.
        Map<String, ChartPoint> chart = changes.foundedAt() != null ? charts.of(changes.foundedAt()) : null;
        for (int attempt = 1; attempt <= OPTIMISTIC_ATTEMPTS + 1; attempt++) {
            Optional<Business> saved;
            if (attempt <= OPTIMISTIC_ATTEMPTS) {
                saved = write(caller, id, changes, chart, precondition, businesses.findById(id));
            } else {
                try {
                    saved = businesses.withRowLock(id, current -> write(caller, id, changes, chart, precondition,
                            current));
                } catch (ConcurrencyFailureException lockRefused) {
                    // The database gave up waiting for the row lock, or chose this writer to end a deadlock.
                    saved = Optional.empty();
                }
            }
            if (saved.isPresent()) {
                cache.invalidateEntity("business", id);
                cache.invalidateEntity(LIST_ENTITY, saved.get().ownerId());
                events.publishEvent(new BusinessChanged(id, saved.get().ownerId(), saved.get().revision(),
                        changes.fields()));
                log.info("event=business_updated businessId={} chartChanged={} revision={} attempts={}", id,
                        chart != null, saved.get().revision(), attempt);
                return saved.get();
            }
            log.info("event=business_update_race_lost businessId={} attempt={}", id, attempt);
        }
        throw new AppError(HttpStatus.CONFLICT, "conflict", "Business " + id
                + " is being changed by other requests at the same time; read it again and retry.",
                Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }

    /** One attempt: {@code changes} over {@code found}, written if it is still the current revision. */
    private Optional<Business> write(Caller caller, long id, Changes changes, Map<String, ChartPoint> chart,
            IntPredicate precondition, Optional<Business> found) {
        Business current = found.filter(b -> caller.canAccess(b.ownerId())).orElseThrow(() -> notFound(id));
        if (caller.userId() == null || caller.userId() != current.ownerId()) {
            throw new AppError(HttpStatus.FORBIDDEN, "owner_required", "Only the business's owner may change it.");
        }
        if (!precondition.test(current.revision())) {
            throw new AppError(HttpStatus.PRECONDITION_FAILED, "precondition_failed", "Business " + id
                    + " has changed since the revision If-Match names; it is at revision " + current.revision()
                    + " now. Read it again and reapply the change.");
        }
        Business changed = new Business(id, current.ownerId(),
                changes.name() != null ? changes.name().trim() : current.name(),
                changes.foundedAt() != null ? changes.foundedAt() : current.foundedAt(),
                changes.latitude() != null ? changes.latitude() : current.latitude(),
                changes.longitude() != null ? changes.longitude() : current.longitude(),
                chart != null ? chart : current.natalChart(), current.revision() + 1);
        return businesses.update(changed, current.revision()) ? Optional.of(changed) : Optional.empty();
    }

    private static String cacheKey(long id) {
        return "business:" + id;
    }

    private static void requireSupported(Instant foundedAt) {
        if (!SupportedRange.contains(foundedAt)) {
            throw new AppError(HttpStatus.BAD_REQUEST, "founded_at_out_of_range",
                    "foundedAt must be between " + SupportedRange.FIRST_DAY + " and " + SupportedRange.LAST_DAY
                            + " (UTC), was " + foundedAt + ".");
        }
    }
}
