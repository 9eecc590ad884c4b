package com.corpastro.backend.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.graphql.ExecutionGraphQlResponse;
import org.springframework.graphql.ExecutionGraphQlService;
import org.springframework.graphql.support.DefaultExecutionGraphQlRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.account.Authenticator;
import com.corpastro.backend.account.Caller;
import com.corpastro.performance.admin.TokenAdminAccess;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.response.ResponseCacheTags;

import io.swagger.v3.oas.annotations.Hidden;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /graphql} runs any operation; {@code GET /graphql?extensions=...&variables=...&operationName=...}
 * runs a persisted query only (Apollo APQ: {@code extensions.persistedQuery.sha256Hash}), never a
 * mutation (405), and answers with the {@code Cache-Control} its fields' hints allow, so the
 * response filter gives it a weak ETag, 304s and a place in the response cache, tagged with the
 * entities it was built from.
 *
 * <p>Fields run on the request's thread ({@code block()} on a result that is complete when
 * execution returns: every fetcher and loader is synchronous).
 */
@RestController
@Hidden
class GraphQlEndpoint {

    private static final String PERSISTED_QUERY_NOT_FOUND = "PersistedQueryNotFound";

    private final ExecutionGraphQlService graphQl;
    private final Authenticator authenticator;
    private final PersistedQueries persisted;
    private final GraphQlProperties properties;
    private final JsonMapper json;
    private final ObjectProvider<PerformanceMonitor> monitor;

    GraphQlEndpoint(ExecutionGraphQlService graphQl, Authenticator authenticator, PersistedQueries persisted,
            GraphQlProperties properties, JsonMapper json, ObjectProvider<PerformanceMonitor> monitor) {
        this.graphQl = graphQl;
        this.authenticator = authenticator;
        this.persisted = persisted;
        this.properties = properties;
        this.json = json;
        this.monitor = monitor;
    }

    /** A GraphQL-over-HTTP request body. */
    record GraphQlRequestBody(String query, String operationName, Map<String, Object> variables,
            Map<String, Object> extensions) {
    }

    @PostMapping(path = "/graphql", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/graphql+json" })
    ResponseEntity<Object> post(@RequestBody GraphQlRequestBody body, HttpServletRequest request) {
        return run(body.query(), body.operationName(), body.variables(), body.extensions(), false, request);
    }

    @GetMapping("/graphql")
    ResponseEntity<Object> get(@RequestParam(required = false) String extensions,
            @RequestParam(required = false) String variables, @RequestParam(required = false) String operationName,
            HttpServletRequest request) {
        Map<String, Object> extensionMap = jsonObject("extensions", extensions);
        if (hash(extensionMap) == null) {
            throw new AppError(HttpStatus.BAD_REQUEST, "persisted_query_required", "GET /graphql runs persisted queries"
                    + " only: send extensions={\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"...\"}} after"
                    + " registering the query with POST.");
        }
        return run(null, operationName, jsonObject("variables", variables), extensionMap, true, request);
    }

    private ResponseEntity<Object> run(String query, String operationName, Map<String, Object> variables,
            Map<String, Object> extensions, boolean readOnly, HttpServletRequest request) {
        long started = System.nanoTime();
        Optional<Caller> caller = caller(request);
        String hash = hash(extensions);
        if (query != null && query.length() > properties.getMaxQueryLength()) {
            throw new AppError(HttpStatus.BAD_REQUEST, "validation_failed", "query: at most "
                    + properties.getMaxQueryLength() + " characters, was " + query.length());
        }
        boolean register = false;
        if (hash != null) {
            if (query != null) {
                if (!PersistedQueries.sha256(query).equalsIgnoreCase(hash)) {
                    return errors(readOnly, "persisted_query_hash_mismatch", 400,
                            "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query.");
                }
                register = true;
            } else {
                Optional<String> known = persisted.find(hash);
                if (known.isEmpty()) {
                    // Apollo clients answer this message by sending the query with its hash.
                    return errors(readOnly, "persisted_query_not_found", 404, PERSISTED_QUERY_NOT_FOUND);
                }
                query = known.get();
            }
        }
        if (query == null || query.isBlank()) {
            throw new AppError(HttpStatus.BAD_REQUEST, "validation_failed",
                    "query: must not be blank (or send a persisted query's hash in extensions.persistedQuery)");
        }
        GraphQlCall call = new GraphQlCall(caller, readOnly, request);
        DefaultExecutionGraphQlRequest graphQlRequest = new DefaultExecutionGraphQlRequest(query, operationName,
                variables, extensions, Long.toHexString(System.nanoTime()), request.getLocale());
        graphQlRequest.configureExecutionInput((input, builder) -> builder
                .graphQLContext(Map.of(GraphQlCall.KEY, call)).build());
        ExecutionGraphQlResponse response = graphQl.execute(graphQlRequest).block();
        Map<String, Object> body = new LinkedHashMap<>(response.toMap());
        List<Map<String, Object>> errors = withCodes(body);
        if (register && call.analysis() != null && caller.isPresent()) {
            // Only a query that parsed, validated and passed the cost limits, sent with a valid token: the
            // shared store is not for anonymous clients to fill.
            persisted.register(hash, query);
        }
        record(call, errors.isEmpty(), started);
        ResponseCacheTags.add(request, call.tags().toArray(EntityTag[]::new));
        List<String> codes = GraphQlErrors.codes(errors);
        if (codes.contains("method_not_allowed")) {
            throw new AppError(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "GET /graphql runs queries only; send mutations with POST.", Map.of(HttpHeaders.ALLOW, "POST"));
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.OK);
        int limited = codes.indexOf("rate_limited");
        if (limited >= 0) {
            answer = ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER,
                    String.valueOf(((Map<?, ?>) errors.get(limited).get("extensions")).get("retryAfter")));
        }
        if (readOnly) {
            GraphQlCall.Analysis analysis = call.analysis();
            if (!errors.isEmpty() || analysis == null || call.isStoreSkipped() || analysis.maxAge() == 0) {
                ResponseCacheTags.doNotStore();
                answer.header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
            } else {
                answer.header(HttpHeaders.CACHE_CONTROL,
                        (analysis.shared() ? "public" : "private") + ", max-age=" + analysis.maxAge());
            }
        }
        return answer.contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** The caller of a request with a valid token, none without one; 401 invalid_token for a token nobody holds. */
    private Optional<Caller> caller(HttpServletRequest request) {
        if (TokenAdminAccess.bearerToken(request) == null) {
            return Optional.empty();
        }
        return Optional.of(authenticator.require(request));
    }

    /** The errors of {@code body}, each with an {@code extensions.code}: GraphQL Java's own errors get one from their classification. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> withCodes(Map<String, Object> body) {
        Object listed = body.get("errors");
        if (!(listed instanceof List<?> list) || list.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> error = new LinkedHashMap<>((Map<String, Object>) item);
            Map<String, Object> extensions = error.get("extensions") instanceof Map<?, ?> map
                    ? new LinkedHashMap<>((Map<String, Object>) map) : new LinkedHashMap<>();
            if (!extensions.containsKey("code")) {
                Object classification = extensions.get("classification");
                extensions.put("code", "InvalidSyntax".equals(classification) ? "malformed_request_body"
                        : "ValidationError".equals(classification) ? "validation_failed" : "invalid_query");
                extensions.put("status", 400);
            }
            error.put("extensions", extensions);
            errors.add(error);
        }
        body.put("errors", errors);
        return errors;
    }

    private ResponseEntity<Object> errors(boolean readOnly, String code, int status, String message) {
        if (readOnly) {
            ResponseCacheTags.doNotStore();
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("extensions", GraphQlErrors.extensions(code, status, Map.of()));
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("errors", List.of(error)));
    }

    private void record(GraphQlCall call, boolean success, long started) {
        PerformanceMonitor performance = monitor.getIfAvailable();
        GraphQlCall.Analysis analysis = call.analysis();
        if (performance != null) {
            performance.recordGraphQlOperation(analysis != null ? analysis.operationName() : "refused",
                    analysis != null ? analysis.operationType() : "unknown", (System.nanoTime() - started) / 1e6,
                    success);
        }
    }

    /** {@code extensions.persistedQuery.sha256Hash}, or null. */
    private static String hash(Map<String, Object> extensions) {
        if (extensions != null && extensions.get("persistedQuery") instanceof Map<?, ?> persistedQuery
                && persistedQuery.get("sha256Hash") instanceof String hash && !hash.isBlank()) {
            return hash;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> jsonObject(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Object value = json.readValue(text, Object.class);
            if (value instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter", name + " must be a JSON object.");
    }
}
