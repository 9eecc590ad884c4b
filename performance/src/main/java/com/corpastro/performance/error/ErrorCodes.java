package com.corpastro.performance.error;

import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The stable {@code code} of a problem that no {@link AppError} named: by the exception Spring MVC
 * reports, or by the status alone (an error the servlet container sent). The code of the problem
 * sent for a request is also left in its {@link #ATTRIBUTE} for filters and meters.
 */
public final class ErrorCodes {

    /** The request attribute holding the {@code code} of the problem sent for the request. */
    public static final String ATTRIBUTE = ProblemDetailsHandler.class.getName() + ".code";

    private static final Map<Class<? extends Exception>, String> BY_EXCEPTION = Map.ofEntries(
            Map.entry(HttpMessageNotReadableException.class, "malformed_request_body"),
            Map.entry(MethodArgumentNotValidException.class, "validation_failed"),
            Map.entry(HandlerMethodValidationException.class, "validation_failed"),
            Map.entry(MissingServletRequestParameterException.class, "missing_parameter"),
            Map.entry(MissingRequestHeaderException.class, "missing_header"),
            Map.entry(NoResourceFoundException.class, "not_found"),
            Map.entry(HttpRequestMethodNotSupportedException.class, "method_not_allowed"),
            Map.entry(HttpMediaTypeNotSupportedException.class, "unsupported_media_type"),
            Map.entry(HttpMediaTypeNotAcceptableException.class, "not_acceptable"),
            Map.entry(MaxUploadSizeExceededException.class, "payload_too_large"));

    private ErrorCodes() {
    }

    /** The stable code of an error known only by its status, such as one the servlet container sent. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "bad_request";
        };
    }

    /** The code of an exception Spring MVC handles itself, else {@code bad_request} or {@code internal_error}. */
    static String forException(Exception ex, HttpStatusCode status) {
        String code = BY_EXCEPTION.get(ex.getClass());
        if (code != null) {
            return code;
        }
        return status.is4xxClientError() ? "bad_request" : "internal_error";
    }
}
