package com.corpastro.performance.http;

import org.springframework.http.HttpStatus;

import com.corpastro.performance.error.AppError;

/**
 * A request body longer than the limit of its route ({@code corp-astro.error.max-request-body-size} or
 * {@code corp-astro.error.body-limits.*}): 413 {@code payload_too_large}.
 */
class RequestBodyTooLargeException extends AppError {

    RequestBodyTooLargeException(long limitBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is larger than the limit of " + limitBytes + " bytes.");
    }
}
