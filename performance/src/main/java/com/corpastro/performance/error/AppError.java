package com.corpastro.performance.error;

import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;

/**
 * An error the caller can act on: it becomes an RFC 9457 {@code application/problem+json}
 * response with this status, the stable {@code code} and the detail, and is logged on one
 * line without a stack trace.
 *
 * <pre>{@code
 * throw new AppError(HttpStatus.NOT_FOUND, "business_not_found", "No business with id 42");
 * throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Try again shortly.",
 *         Map.of("Retry-After", "30"));
 * }</pre>
 */
public class AppError extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, String> headers;

    public AppError(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    /** An error whose response also carries {@code headers}, such as {@code Retry-After}. */
    public AppError(HttpStatus status, String code, String detail, Map<String, String> headers) {
        super(detail);
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank, was '" + code + "'");
        }
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    public HttpStatus status() {
        return status;
    }

    /** A stable, machine-readable error code such as {@code invalid_date}. */
    public String code() {
        return code;
    }

    /** Response headers the error adds, such as {@code Retry-After}; empty for most errors. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The human-readable explanation sent as {@code detail}. */
    public String detail() {
        return getMessage();
    }

    /**
     * The error {@code failure} is answered with when it is neither an {@code AppError} nor a bug:
     * the {@code AppError} in its causes, or 503 {@code database_unavailable} (with
     * {@code Retry-After}) when it means the database cannot be reached, refused the call or timed
     * out; empty for anything else. For code that answers errors outside Spring MVC, such as a
     * GraphQL field resolver, the same way the problem handler does.
     */
    public static Optional<AppError> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AppError error) {
                return Optional.of(error);
            }
        }
        return Failures.isDatabaseUnavailable(failure) ? Optional.of(Failures.databaseUnavailable(failure))
                : Optional.empty();
    }
}
