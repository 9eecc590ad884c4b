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
            throw new AppError(HttpStatus.NOT_FOUND, "business_not_found", "No business with id " + id + ".");
        }
        return business;
    }

    boolean hasBusinesses(long ownerId) {
        return businesses.existsForOwner(ownerId);
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
