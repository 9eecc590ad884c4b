package com.corpastro.backend.business;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.system.SupportedRange;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;

/** Businesses and their natal charts; only the owner or an admin may read one. */
@Service
public class BusinessService {

    private static final Logger log = LoggerFactory.getLogger(BusinessService.class);
    private static final Duration CACHE_TTL = Duration.ofMinutes(10);

    private final BusinessRepository businesses;
    private final NatalCharts charts;
    private final CacheManager cache;

    BusinessService(BusinessRepository businesses, NatalCharts charts, CacheManager cache) {
        this.businesses = businesses;
        this.charts = charts;
        this.cache = cache;
    }

    public Business create(long ownerId, String name, Instant foundedAt, double latitude, double longitude) {
        requireSupported(foundedAt);
        Business business = businesses.insert(ownerId, name.trim(), foundedAt, latitude, longitude, charts.of(foundedAt));
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

    private static AppError notFound(long id) {
        return new AppError(HttpStatus.NOT_FOUND, "business_not_found", "No business with id " + id + ".");
    }

    /** The fields of a business a PATCH may change; {@code null} leaves a field as it is. */
    public record Changes(String name, Instant foundedAt, Double latitude, Double longitude) {

        boolean isEmpty() {
            return name == null && foundedAt == null && latitude == null && longitude == null;
        }
    }

    /**
     * Applies {@code changes} for the business's owner. A new founding instant or place
     * recomputes the natal chart; every change starts a new revision, so content is written
     * again for the new name or chart, and invalidates the business everywhere it is cached.
     */
    public Business update(Caller caller, long id, Changes changes) {
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
        Business current = businesses.findById(id).filter(b -> caller.canAccess(b.ownerId()))
                .orElseThrow(() -> notFound(id));
        if (caller.userId() == null || caller.userId() != current.ownerId()) {
            throw new AppError(HttpStatus.FORBIDDEN, "owner_required", "Only the business's owner may change it.");
        }
        Instant foundedAt = changes.foundedAt() != null ? changes.foundedAt() : current.foundedAt();
        double latitude = changes.latitude() != null ? changes.latitude() : current.latitude();
        double longitude = changes.longitude() != null ? changes.longitude() : current.longitude();
        boolean foundingChanged = !foundedAt.equals(current.foundedAt()) || latitude != current.latitude()
                || longitude != current.longitude();
        Business changed = new Business(id, current.ownerId(),
                changes.name() != null ? changes.name().trim() : current.name(), foundedAt, latitude, longitude,
                foundingChanged ? charts.of(foundedAt) : current.natalChart(), current.revision());
        Business saved = businesses.update(changed);
        cache.invalidateEntity("business", id);
        log.info("event=business_updated businessId={} chartChanged={} revision={}", id, foundingChanged,
                saved.revision());
        return saved;
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
