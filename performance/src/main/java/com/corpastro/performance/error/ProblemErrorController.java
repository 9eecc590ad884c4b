package com.corpastro.performance.error;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Replaces Spring Boot's {@code /error} handling: errors that never reach a controller (the
 * container's 404 and 400, {@code sendError} calls, exceptions thrown by filters) are rendered as
 * problem+json like every other error, whatever the {@code Accept} header says.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ProblemDetailsHandler problems;

    ProblemErrorController(ProblemDetailsHandler problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Throwable error = exception instanceof Throwable t ? t : null;
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AppError appError) {
                problems.write(new OriginalRequest(request), response, appError);
                return;
            }
        }
        if (error != null && Failures.isDatabaseUnavailable(error)) {
            problems.write(new OriginalRequest(request), response, Failures.databaseUnavailable(error));
            return;
        }
        AppError clientError = error == null ? null
                : Failures.clientError(error, new OriginalRequest(request));
        if (clientError != null) {
            problems.write(new OriginalRequest(request), response, clientError);
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpStatus.NOT_FOUND.value();
        HttpServletRequest original = new OriginalRequest(request);
        if (status >= 500) {
            log.error("event=server_error method={} path={} status={}", request.getMethod(), original.getRequestURI(),
                    status, error);
            problems.write(original, response, HttpStatusCode.valueOf(status), ErrorCodes.forStatus(status),
                    "The server could not complete the request.");
            return;
        }
        log.info("event=client_error status={} code={} method={} path={}", status,
                ErrorCodes.forStatus(status), request.getMethod(), original.getRequestURI());
        problems.write(original, response, HttpStatusCode.valueOf(status), ErrorCodes.forStatus(status),
                detail(status, original.getRequestURI()));
    }

    private static String detail(int status, String path) {
        return switch (status) {
            case 404 -> "No resource at " + path + ".";
            case 405 -> "The method is not allowed for " + path + ".";
            case 413 -> "The request is too large.";
            case 400 -> "The request could not be understood.";
            default -> {
                HttpStatus resolved = HttpStatus.resolve(status);
                yield resolved != null ? resolved.getReasonPhrase() + "." : "The request failed.";
            }
        };
    }

    /** The request as the client sent it: the URI of the failed request rather than {@code /error}. */
    private static final class OriginalRequest extends jakarta.servlet.http.HttpServletRequestWrapper {

        OriginalRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getRequestURI() {
            Object uri = getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            return uri instanceof String path ? path : super.getRequestURI();
        }
    }
}
