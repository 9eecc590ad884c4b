package com.corpastro.performance.error;

import org.springframework.http.HttpStatus;

/** A request body longer than {@code corp-astro.error.max-request-body-size}: 413 {@code payload_too_large}. */
public class RequestBodyTooLargeException extends AppError {

    public RequestBodyTooLargeException(long limitBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                "The request body is larger than the limit of " + limitBytes + " bytes.");
    }
}
