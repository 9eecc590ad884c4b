package com.corpastro.performance.error;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.multipart.MultipartException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What an unexpected exception means for the caller, when it means more than a 500: the database
 * is unavailable (503 {@code database_unavailable}, the same request succeeds once it is back), or
 * the container or the framework reported bad input as a plain exception (a 400, 404 or 415).
 */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    /** Spring Boot's health endpoint, whose own assertion reports a path below a missing component. */
    private static final String HEALTH_ENDPOINT = "org.springframework.boot.health.actuate.endpoint.HealthEndpointSupport";

    /** Seconds a client is asked to wait before retrying when the database is unavailable. */
    private static final String DATABASE_RETRY_AFTER = "5";

    private Failures() {
    }

    /**
     * Whether {@code failure} (or a cause) says the database cannot be reached: no connection
     * from the pool (a circuit breaker or bulkhead refusing one too), a refused or broken
     * connection (SQLState class 08), the server ending the session (57P01 to 57P03), or no answer
     * in time (a statement timeout, 57014, or a socket read timeout). Such requests answer 503
     * {@code database_unavailable} with {@code Retry-After}, since the same request succeeds once
     * the database is back.
     */
    static boolean isDatabaseUnavailable(Throwable failure) {
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
     * not parse, a {@code Content-Type} that is no concrete media type, a health path below a missing
     * component. {@code null} otherwise.
     */
    static AppError clientError(Throwable failure, HttpServletRequest request) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals("org.apache.tomcat.util.http.InvalidParameterException")) {
                return new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                        "The query string or form parameters could not be decoded.");
            }
            if (t instanceof IllegalStateException && thrownBy(t, HEALTH_ENDPOINT)) {
                // Spring Boot's health endpoint asserts instead of answering 404 when a path goes on
                // below a component that does not exist (/actuator/health/nope/x).
                return new AppError(HttpStatus.NOT_FOUND, "not_found", "No health component has this path.");
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

    private static boolean thrownBy(Throwable failure, String className) {
        StackTraceElement[] trace = failure.getStackTrace();
        // Assert.state throws it: the health endpoint is the frame after Spring's Assert.
        for (int i = 0; i < Math.min(trace.length, 3); i++) {
            if (trace[i].getClassName().equals(className)) {
                return true;
            }
        }
        return false;
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
            PathContainer.parsePath(uri);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean concreteMediaType(String value) {
        try {
            MediaType type = MediaType.parseMediaType(value);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMimeTypeException e) {
            return false;
        }
    }

    /** The 503 sent for a failure {@link #isDatabaseUnavailable(Throwable)} recognises. */
    static AppError databaseUnavailable(Throwable failure) {
        log.warn("event=database_unavailable error=\"{}\"", String.valueOf(failure.getMessage()).replace('"', '\''));
        return new AppError(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
                "The database is unavailable; try again shortly.", Map.of(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER));
    }
}
