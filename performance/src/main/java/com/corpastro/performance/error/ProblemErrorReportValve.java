package com.corpastro.performance.error;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's last word on an error, as problem+json instead of an HTML page: for requests Tomcat
 * rejects before any application code runs (an encoded slash or a malformed request line) and
 * for errors nothing else answered. No stack trace and no server version ever leave.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private final String typeBase;

    /** @param typeBase the prefix of the problem {@code type}, e.g. {@code urn:corp-astro:problem:} */
    public ProblemErrorReportValve(String typeBase) {
        this.typeBase = typeBase;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String code = ErrorCodes.forStatus(status);
        String detail = status < 500 ? "The request could not be understood by the server."
                : "The server could not complete the request.";
        if (status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value()) {
            // An unknown version in the request line is bad input like any other malformed request line.
            status = HttpStatus.BAD_REQUEST.value();
            response.setStatus(status);
            code = "unsupported_http_version";
            detail = "The request line must name HTTP/1.0 or HTTP/1.1.";
        }
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setType(java.net.URI.create(typeBase + code));
        problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
        problem.setProperty("code", code);
        Object requestId = request.getAttribute(RequestIdFilter.ATTRIBUTE);
        problem.setProperty(ProblemDetailsHandler.REQUEST_ID_PROPERTY,
                requestId != null ? requestId.toString() : UUID.randomUUID().toString());
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemWriter.json(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already closed: nothing more to say
        }
    }
}
