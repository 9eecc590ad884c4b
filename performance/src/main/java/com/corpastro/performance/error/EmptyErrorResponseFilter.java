package com.corpastro.performance.error;

import java.io.IOException;
import java.io.PrintWriter;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Gives an error response that would leave without a body the problem+json body every other
 * error has. Some handlers answer with a bare status, such as Actuator's 404 for an unknown
 * health group; the filter holds back their flush and writes the problem once the chain is done.
 * Responses that wrote a body, used {@code sendError} (rendered by the error controller) or
 * answer {@code HEAD} are left alone.
 *
 * <p>It also answers an {@link AppError} that a later filter throws (Spring MVC renders those of
 * handlers itself): a filter that resolves the caller may be refused, say 429 for too many token
 * lookups, and left to the container that error would be logged with its stack trace as a server
 * error before the error page rendered it.
 */
class EmptyErrorResponseFilter extends OncePerRequestFilter {

    private final ProblemDetailsHandler problems;

    EmptyErrorResponseFilter(ProblemDetailsHandler problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        WatchingResponse watching = new WatchingResponse(response);
        try {
            chain.doFilter(request, watching);
        } catch (AppError error) {
            if (response.isCommitted()) {
                throw error;
            }
            response.resetBuffer();
            problems.write(request, response, error);
            return;
        }
        int status = watching.getStatus();
        if (status >= 400 && !watching.bodyStarted && !watching.errorSent && !response.isCommitted()
                && !"HEAD".equals(request.getMethod()) && !request.isAsyncStarted()) {
            response.setContentLengthLong(-1); // a bare status may have announced "Content-Length: 0"
            problems.write(request, response, HttpStatusCode.valueOf(status), ErrorCodes.forStatus(status),
                    "The request failed with status " + status + ".");
        } else if (watching.flushHeld && !response.isCommitted()) {
            response.flushBuffer();
        }
    }

    /** Notes whether a body or sendError was used, and defers flushing a still empty error response. */
    private static final class WatchingResponse extends HttpServletResponseWrapper {

        boolean bodyStarted;
        boolean errorSent;
        boolean flushHeld;

        WatchingResponse(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyStarted = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyStarted = true;
            return super.getWriter();
        }

        @Override
        public void sendError(int sc) throws IOException {
            errorSent = true;
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            errorSent = true;
            super.sendError(sc, msg);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (!bodyStarted && !errorSent && getStatus() >= 400) {
                flushHeld = true;
                return;
            }
            super.flushBuffer();
        }
    }
}
