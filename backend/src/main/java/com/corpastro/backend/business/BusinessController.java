package com.corpastro.backend.business;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.error.AppError;

import io.swagger.v3.oas.annotations.Parameter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@RestController
@RequestMapping("/api/businesses")
class BusinessController {

    private final BusinessService businesses;

    BusinessController(BusinessService businesses) {
        this.businesses = businesses;
    }

    record CreateBusinessRequest(
            @NotBlank @Size(max = 200) @Pattern(regexp = Inputs.PLAIN_TEXT, message = Inputs.PLAIN_TEXT_MESSAGE) String name,
            @NotNull Instant foundedAt,
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    record BusinessResponse(long id, String name, Instant foundedAt, double latitude, double longitude,
            Map<String, ChartPoint> natalChart) {

        static BusinessResponse of(Business business) {
            return new BusinessResponse(business.id(), business.name(), business.foundedAt(), business.latitude(),
                    business.longitude(), business.natalChart());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BusinessResponse create(@Parameter(hidden = true) Caller caller, @Valid @RequestBody CreateBusinessRequest request) {
        return BusinessResponse.of(businesses.create(caller.requireUserId(), request.name(), request.foundedAt(),
                request.latitude(), request.longitude()));
    }

    record UpdateBusinessRequest(
            @Size(min = 1, max = 200) @Pattern(regexp = Inputs.PLAIN_TEXT, message = Inputs.PLAIN_TEXT_MESSAGE) String name,
            Instant foundedAt,
            @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    /**
     * {@code If-Match} with the business's {@code ETag} (or {@code *}) makes the change conditional:
     * 412 precondition_failed when the business has changed since. The answer carries the new ETag.
     */
    @PatchMapping("/{id}")
    ResponseEntity<BusinessResponse> update(@Parameter(hidden = true) Caller caller, @PathVariable long id,
            @Valid @RequestBody UpdateBusinessRequest request, HttpServletRequest http) {
        Business saved = businesses.update(caller, id, new BusinessService.Changes(request.name(),
                request.foundedAt(), request.latitude(), request.longitude()), ifMatch(http));
        return ResponseEntity.ok().eTag(etag(saved)).body(BusinessResponse.of(saved));
    }

    record BusinessListResponse(List<BusinessResponse> items, String next) {
    }

    /**
     * The caller's businesses in id order, {@code limit} (1 to 100, 20 by default) at a time; {@code next}
     * is the opaque cursor to pass as {@code after} for the following page, {@code null} on the last. An
     * admin lists any user's with {@code ownerId}; anybody else may name only themselves.
     */
    @GetMapping
    BusinessListResponse list(@Parameter(hidden = true) Caller caller, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String after, @RequestParam(required = false) String ownerId) {
        int size = limit == null ? DEFAULT_LIST_SIZE : number("limit", limit, 1, BusinessPage.MAX_SIZE);
        long owner;
        if (ownerId == null) {
            owner = caller.requireUserId();
        } else {
            owner = number("ownerId", ownerId, 1, Long.MAX_VALUE);
            if (caller.userId() == null || caller.userId() != owner) {
                caller.requireAdmin();
            }
        }
        BusinessPage page = businesses.page(caller, owner, size, after);
        return new BusinessListResponse(page.items().stream().map(BusinessResponse::of).toList(), page.next());
    }

    private static final int DEFAULT_LIST_SIZE = 20;

    /** {@code text} as a whole number from {@code min} to {@code max}; 400 invalid_parameter otherwise. */
    private static int number(String name, String text, int min, int max) {
        return (int) number(name, text, min, (long) max);
    }

    private static long number(String name, String text, long min, long max) {
        try {
            long value = Long.parseLong(text.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a number out of range
        }
        throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter", name + " must be a whole number from " + min
                + " to " + max + ", was '" + Inputs.echo(text) + "'.");
    }

    /** With a strong {@code ETag} of the business's revision, for {@code If-Match} and {@code If-None-Match}. */
    @GetMapping("/{id}")
    ResponseEntity<BusinessResponse> get(@Parameter(hidden = true) Caller caller, @PathVariable long id) {
        Business business = businesses.get(caller, id);
        return ResponseEntity.ok().eTag(etag(business)).body(BusinessResponse.of(business));
    }

    /**
     * A strong entity tag: the revision names the representation exactly, since every change of a
     * field the response shows bumps it.
     */
    static String etag(Business business) {
        return "\"r" + business.revision() + "\"";
    }

    /**
     * The revisions the request's {@code If-Match} accepts: any for {@code *}, those of its strong
     * tags otherwise (If-Match compares strongly, so a weak tag matches nothing); every revision
     * when there is no If-Match.
     */
    static IntPredicate ifMatch(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders(HttpHeaders.IF_MATCH));
        if (headers.isEmpty()) {
            return revision -> true;
        }
        List<ETag> tags = ETag.parse(String.join(",", headers));
        return revision -> {
            ETag current = new ETag("r" + revision, false);
            return tags.stream().anyMatch(tag -> tag.isWildcard() || tag.compare(current, true));
        };
    }
}
