package com.corpastro.performance.error;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

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

    /** The problem property holding the request id. */
    public static final String REQUEST_ID_PROPERTY = "requestId";
    private final ProblemWriter writer;

    /** @param typeBase the prefix of every problem {@code type} URI; the code is appended */
    public ProblemDetailsHandler(String typeBase) {
        this.writer = new ProblemWriter(typeBase);
    }

    /** Builds the problem+json response for {@code status}, {@code code} and {@code detail}. */
    public ResponseEntity<Object> problem(HttpStatusCode status, String code, String detail, String instance) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        writer.decorate(body, code, instance);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    @ExceptionHandler(AppError.class)
    ResponseEntity<Object> handleAppError(AppError error, HttpServletRequest request) {
        ProblemWriter.logClientError(error, request);
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
        writer.write(request, response, error);
    }

    /**
     * Writes a problem+json body with {@code status}, {@code code} and {@code detail} to
     * {@code response}, with {@code Cache-Control: no-store} unless the response has a
     * {@code Cache-Control} already: an error answered outside Spring MVC (a filter, the error
     * page) belongs to one request and one caller, and no cache should keep it.
     */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String code,
            String detail) throws IOException {
        writer.write(request, response, status, code, detail);
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
        if (Failures.isDatabaseUnavailable(ex)) {
            return handleAppError(Failures.databaseUnavailable(ex), request);
        }
        AppError clientError = Failures.clientError(ex, request);
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
        String code = ErrorCodes.forException(ex, statusCode);
        writer.decorate(problem, code, path);
        log.info("event=client_error status={} code={} path={} detail=\"{}\"", statusCode.value(), code, path,
                problem.getDetail());
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.putAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, responseHeaders, statusCode);
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
