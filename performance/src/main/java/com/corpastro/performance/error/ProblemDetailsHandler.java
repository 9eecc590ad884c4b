package com.corpastro.performance.error;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Turns every exception that reaches Spring MVC into an RFC 9457 problem+json response with
 * {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}, a stable
 * {@code code} and the {@code requestId} of {@link RequestIdFilter}. Client errors are logged on
 * one line; only unexpected errors log a stack trace, and their response never carries
 * exception text. Errors that never reach a controller (unknown routes answered by the
 * container, filters) are rendered the same way by {@link ProblemErrorController} and
 * {@link #write(HttpServletRequest, HttpServletResponse, AppError)}.
 */
@RestControllerAdvice
public class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    private static final Map<Class<? extends Exception>, String> CODES = Map.ofEntries(
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

    /** Seconds a client is asked to wait before retrying when the database is unavailable. */
    private static final String DATABASE_RETRY_AFTER = "5";

    /** The problem property holding the request id. */
    public static final String REQUEST_ID_PROPERTY = "requestId";
    /** The request attribute holding the {@code code} of the problem sent for the request. */
    public static final String ERROR_CODE_ATTRIBUTE = ProblemDetailsHandler.class.getName() + ".code";

    private final String typeBase;

    /** @param typeBase the prefix of every problem {@code type} URI; the code is appended */
    public ProblemDetailsHandler(String typeBase) {
        this.typeBase = typeBase;
    }

    /** Builds the problem+json response for {@code status}, {@code code} and {@code detail}. */
    public ResponseEntity<Object> problem(HttpStatusCode status, String code, String detail, String instance) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        decorate(body, code, instance);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @ExceptionHandler(AppError.class)
    ResponseEntity<Object> handleAppError(AppError error, HttpServletRequest request) {
        logAppError(error, request);
        ResponseEntity<Object> response = problem(error.status(), error.code(), error.detail(),
                request.getRequestURI());
        if (error.headers().isEmpty()) {
            return response;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(response.getHeaders());
        error.headers().forEach(headers::set);
        return new ResponseEntity<>(response.getBody(), headers, response.getStatusCode());
    }

    /**
     * Writes {@code error} as problem+json straight to {@code response}, for filters and other
     * code outside Spring MVC. Does nothing when the response is already committed.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, AppError error) throws IOException {
        logAppError(error, request);
        error.headers().forEach(response::setHeader);
        write(request, response, error.status(), error.code(), error.detail());
    }

    /**
     * Writes a problem+json body with {@code status}, {@code code} and {@code detail} to
     * {@code response}, with {@code Cache-Control: no-store} unless the response has a
     * {@code Cache-Control} already: an error answered outside Spring MVC (a filter, the error
     * page) belongs to one request and one caller, and no cache should keep it.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String code,
            String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (response.getHeader(HttpHeaders.CACHE_CONTROL) == null) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        decorate(body, code, request.getRequestURI());
        String requestId = RequestIdFilter.requestId(request);
        if (requestId != null) {
            body.setProperty(REQUEST_ID_PROPERTY, requestId);
            response.setHeader(RequestIdFilter.HEADER, requestId);
        }
        request.setAttribute(ERROR_CODE_ATTRIBUTE, code);
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ProblemJson.write(body));
        response.flushBuffer();
    }

    /** The stable code of an error known only by its status, such as one the servlet container sent. */
    public static String codeForStatus(int status) {
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

    /**
     * Whether {@code failure} (or a cause) says the database cannot be reached: no connection
     * from the pool (a circuit breaker or bulkhead refusing one too), a refused or broken
     * connection (SQLState class 08), the server ending the session (57P01 to 57P03), or no answer
     * in time (a statement timeout, 57014, or a socket read timeout). Such requests answer 503
     * {@code database_unavailable} with {@code Retry-After}, since the same request succeeds once
     * the database is back.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        boolean jdbc = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            jdbc |= t instanceof SQLException;
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            // A commit or rollback that failed at the JDBC level (a rollback on a dead connection hides
            // the failure that caused it, e.g. the server ending the session during the commit): the
            // outcome is unknown to the client, and the same request succeeds once the database is back.
            if (t instanceof TransactionSystemException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P0"))) {
                return true;
            }
            // No answer in time (a statement or socket timeout, a hung database): the same request
            // succeeds once the database answers again.
            if (t instanceof QueryTimeoutException || t instanceof SQLTimeoutException
                    || jdbc && t instanceof SocketTimeoutException
                    || t instanceof SQLException e && "57014".equals(e.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The client error behind {@code failure} when the container or the framework reports bad
     * input as a plain exception: a query string Tomcat cannot decode, a multipart body that does
     * not parse, a {@code Content-Type} that is no concrete media type. {@code null} otherwise.
     */
    public static AppError clientError(Throwable failure, HttpServletRequest request) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
                return new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                        "The query string or form parameters could not be decoded.");
            }
            if (t instanceof MultipartException) {
                return new AppError(HttpStatus.BAD_REQUEST, "malformed_request_body",
                        "The multipart request body could not be parsed.");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (hasCause(failure, IllegalArgumentException.class) && !parsablePath(request.getRequestURI())) {
            return new AppError(HttpStatus.BAD_REQUEST, "invalid_path",
                    "The path has a malformed percent-encoding or path parameter.");
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (failure instanceof IllegalArgumentException && contentType != null && !concreteMediaType(contentType)) {
            return new AppError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "The Content-Type must be a concrete media type such as application/json.");
        }
        return null;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether Spring MVC can parse {@code uri} as a path, as it must before routing. */
    private static boolean parsablePath(String uri) {
        try {
            org.springframework.http.server.PathContainer.parsePath(uri);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean concreteMediaType(String value) {
        try {
            MediaType type = MediaType.parseMediaType(value);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    /** The 503 sent for a failure {@link #isDatabaseUnavailable(Throwable)} recognises. */
    public static AppError databaseUnavailable(Throwable failure) {
        log.warn("event=database_unavailable error=\"{}\"", String.valueOf(failure.getMessage()).replace('"', '\''));
        return new AppError(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
                "The database is unavailable; try again shortly.", Map.of(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER));
    }

    private static void logAppError(AppError error, HttpServletRequest request) {
        log.info("event=client_error status={} code={} method={} path={} detail=\"{}\"", error.status().value(),
                error.code(), request.getMethod(), request.getRequestURI(), error.detail());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
        String detail = "Parameter '" + ex.getName() + "' has an invalid value '" + ex.getValue() + "'";
        log.info("event=client_error status=400 code=invalid_parameter method={} path={} parameter={}",
                request.getMethod(), request.getRequestURI(), ex.getName());
        return problem(HttpStatus.BAD_REQUEST, "invalid_parameter", detail, request.getRequestURI());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        if (isDatabaseUnavailable(ex)) {
            return handleAppError(databaseUnavailable(ex), request);
        }
        AppError clientError = clientError(ex, request);
        if (clientError != null) {
            return handleAppError(clientError, request);
        }
        log.error("event=server_error method={} path={}", request.getMethod(), request.getRequestURI(), ex);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "The server could not complete the request.", request.getRequestURI());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemDetailsHandler::fieldError).toList();
        String detail = errors.isEmpty() ? "The request is not valid."
                : String.join("; ", errors.stream().map(e -> e.get("field") + ": " + e.get("message")).toList());
        ProblemDetail body = ex.getBody();
        body.setDetail(detail);
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof AppError error && request instanceof NativeWebRequest nativeRequest
                    && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
                return handleAppError(error, servletRequest);
            }
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status,
                "The request body is missing, is not valid JSON, or has a value of the wrong type.");
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatusAndDetail(statusCode, statusCode.toString());
        String path = path(request);
        String code = codeFor(ex, statusCode);
        decorate(problem, code, path);
        log.info("event=client_error status={} code={} path={} detail=\"{}\"", statusCode.value(), code, path,
                problem.getDetail());
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.putAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, responseHeaders, statusCode);
    }

    private void decorate(ProblemDetail body, String code, String instance) {
        body.setType(URI.create(typeBase + code));
        if (body.getTitle() == null) {
            HttpStatus status = HttpStatus.resolve(body.getStatus());
            body.setTitle(status != null ? status.getReasonPhrase() : "Error");
        }
        if (instance != null) {
            try {
                body.setInstance(new URI(null, null, instance, null));
            } catch (java.net.URISyntaxException ignored) {
                // a path that is no URI even when quoted is left out of the problem
            }
        }
        body.setProperty("code", code);
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            attributes.getRequest().setAttribute(ERROR_CODE_ATTRIBUTE, code);
            String requestId = RequestIdFilter.requestId(attributes.getRequest());
            if (requestId != null) {
                body.setProperty(REQUEST_ID_PROPERTY, requestId);
                return;
            }
        }
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            body.setProperty(REQUEST_ID_PROPERTY, requestId);
        }
    }

    private static String codeFor(Exception ex, HttpStatusCode status) {
        String code = CODES.get(ex.getClass());
        if (code != null) {
            return code;
        }
        return status.is4xxClientError() ? "bad_request" : "internal_error";
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(),
                "message", error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage());
    }

    private static String path(WebRequest request) {
        if (request instanceof NativeWebRequest nativeRequest
                && nativeRequest.getNativeRequest() instanceof HttpServletRequest servletRequest) {
            return servletRequest.getRequestURI();
        }
        return null;
    }
}
