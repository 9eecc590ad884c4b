package com.corpastro.backend.signs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.astro.Sign;
import com.corpastro.backend.content.ContentType;
import com.corpastro.backend.content.SignReadings;
import com.corpastro.backend.content.Sky;
import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.response.ResponseCacheTags;

import io.swagger.v3.oas.annotations.Parameter;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Public sun-sign readings: no token, the same answer for every caller, so browsers, the response
 * cache and a CDN may all keep it. Tagged with the template it was written from: changing the
 * template purges every copy, at the edge too.
 */
@RestController
class SignController {

    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    private final SignReadings readings;
    private final SignsProperties properties;
    private final Clock clock;

    SignController(SignReadings readings, SignsProperties properties, Clock clock) {
        this.readings = readings;
        this.properties = properties;
        this.clock = clock;
    }

    /** {@code templateVersion}: the version of the template the body was written from. */
    record SignReadingResponse(String sign, String contentType, LocalDate period, String body, int templateVersion,
            Sky sky) {
    }

    @GetMapping("/api/public/signs/{sign}/{contentType}")
    SignReadingResponse get(@PathVariable String sign, @PathVariable String contentType,
            @Parameter(description = "Any day of the period, YYYY-MM-DD, 1900-01-01 to 2100-12-31; today (UTC) when absent")
            @RequestParam(required = false) String date, HttpServletResponse response) {
        Sign zodiac = sign(sign).orElseThrow(() -> new AppError(HttpStatus.NOT_FOUND, "unknown_sign",
                "Unknown sign '" + Inputs.echo(sign) + "'; use one of " + allSigns() + "."));
        ContentType type = ContentType.fromKey(contentType).orElseThrow(() -> new AppError(HttpStatus.BAD_REQUEST,
                "unknown_content_type",
                "Unknown content type '" + Inputs.echo(contentType) + "'; use one of " + ContentType.allKeys() + "."));
        Instant now = clock.instant();
        LocalDate day = date == null ? LocalDate.ofInstant(now, ZoneOffset.UTC) : Inputs.day(date);
        SignReadings.SignReading reading = readings.read(zodiac, type, day);
        ResponseCacheTags.add(EntityTag.of("template", reading.template().key()));
        String cacheControl = properties.getCacheControl();
        String cdnCacheControl = properties.getCdnCacheControl();
        if (date == null) {
            // "Today" is another reading after midnight UTC: no cache may keep it longer than that.
            long untilMidnight = Duration.between(now, day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC))
                    .toSeconds();
            cacheControl = capMaxAge(cacheControl, untilMidnight);
            cdnCacheControl = capMaxAge(cdnCacheControl, untilMidnight);
        }
        response.setHeader("Cache-Control", cacheControl);
        response.setHeader("CDN-Cache-Control", cdnCacheControl);
        return new SignReadingResponse(zodiac.key(), type.key(), reading.periodStart(), reading.body(),
                reading.template().version(), reading.sky());
    }

    private static Optional<Sign> sign(String key) {
        return Arrays.stream(Sign.values()).filter(s -> s.key().equals(key)).findFirst();
    }

    private static String allSigns() {
        return Arrays.stream(Sign.values()).map(Sign::key).collect(Collectors.joining(", "));
    }

    /** {@code value} with its max-age lowered to {@code seconds} when it is larger. */
    static String capMaxAge(String value, long seconds) {
        Matcher matcher = MAX_AGE.matcher(value.toLowerCase(Locale.ROOT));
        if (matcher.find() && Long.parseLong(matcher.group(1)) > seconds) {
            return value.substring(0, matcher.start(1)) + Math.max(0, seconds) + value.substring(matcher.end(1));
        }
        return value;
    }
}
