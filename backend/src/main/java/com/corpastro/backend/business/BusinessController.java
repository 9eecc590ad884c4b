package com.corpastro.backend.business;

import java.time.Instant;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.system.Inputs;

import io.swagger.v3.oas.annotations.Parameter;

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

    @PatchMapping("/{id}")
    BusinessResponse update(@Parameter(hidden = true) Caller caller, @PathVariable long id,
            @Valid @RequestBody UpdateBusinessRequest request) {
        return BusinessResponse.of(businesses.update(caller, id, new BusinessService.Changes(request.name(),
                request.foundedAt(), request.latitude(), request.longitude())));
    }

    @GetMapping("/{id}")
    BusinessResponse get(@Parameter(hidden = true) Caller caller, @PathVariable long id) {
        return BusinessResponse.of(businesses.get(caller, id));
    }
}
