package com.corpastro.performance.error;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.corpastro.performance.internal.Json;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Completes RFC 9457 problems ({@code type} from the code, {@code title}, {@code instance}, the
 * stable {@code code} and the {@code requestId}) and writes them as problem+json straight to a
 * response, for filters, the error page and other code outside Spring MVC's message converters.
 */
final class ProblemWriter {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    private final String typeBase;

    /** @param typeBase the prefix of every problem {@code type} URI; the code is appended */
    ProblemWriter(String typeBase) {
        this.typeBase = typeBase;
    }

    /** Writes {@code error} as problem+json, with its headers, and logs it on one line. */
    void write(HttpServletRequest request, HttpServletResponse response, AppError error) throws IOException {
        logClientError(error, request);
        error.headers().forEach(response::setHeader);
        write(request, response, error.status(), error.code(), error.detail());
    }

    /**
     * Writes a problem+json body with {@code status}, {@code code} and {@code detail}, with
     * {@code Cache-Control: no-store} unless the response has a {@code Cache-Control} already.
     * Does nothing when the response is already committed.
     */
    void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String code,
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
            body.setProperty(ProblemDetailsHandler.REQUEST_ID_PROPERTY, requestId);
            response.setHeader(RequestIdFilter.HEADER, requestId);
        }
        request.setAttribute(ErrorCodes.ATTRIBUTE, code);
        response.resetBuffer();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(body));
        response.flushBuffer();
    }

    /**
     * Gives {@code body} its {@code type}, a {@code title} if it has none, the {@code instance} (a
     * path that is no URI even when quoted is left out), the {@code code} and the request id of the
     * current request, whose code attribute it sets.
     */
    void decorate(ProblemDetail body, String code, String instance) {
        body.setType(URI.create(typeBase + code));
        if (body.getTitle() == null) {
            HttpStatus status = HttpStatus.resolve(body.getStatus());
            body.setTitle(status != null ? status.getReasonPhrase() : "Error");
        }
        if (instance != null) {
            try {
                body.setInstance(new URI(null, null, instance, null));
            } catch (URISyntaxException ignored) {
                // a path that is no URI even when quoted is left out of the problem
            }
        }
        body.setProperty("code", code);
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            attributes.getRequest().setAttribute(ErrorCodes.ATTRIBUTE, code);
            String requestId = RequestIdFilter.requestId(attributes.getRequest());
            if (requestId != null) {
                body.setProperty(ProblemDetailsHandler.REQUEST_ID_PROPERTY, requestId);
                return;
            }
        }
        String requestId = MDC.get(RequestIdFilter.MDC_KEY);
        if (requestId != null) {
            body.setProperty(ProblemDetailsHandler.REQUEST_ID_PROPERTY, requestId);
        }
    }

    /** Logs an error the caller can act on, on one line and without a stack trace. */
    static void logClientError(AppError error, HttpServletRequest request) {
        log.info("event=client_error status={} code={} method={} path={} detail=\"{}\"", error.status().value(),
                error.code(), request.getMethod(), request.getRequestURI(), error.detail());
    }

    /** {@code problem} as JSON: its standard members first, then its properties. */
    static String json(ProblemDetail problem) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("type", problem.getType().toString());
        fields.put("title", problem.getTitle());
        fields.put("status", problem.getStatus());
        fields.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            fields.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            fields.putAll(problem.getProperties());
        }
        return Json.write(fields);
    }
}
