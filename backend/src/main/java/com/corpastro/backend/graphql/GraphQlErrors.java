package com.corpastro.backend.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.stereotype.Component;

import com.corpastro.performance.error.AppError;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;

/**
 * Field errors as the REST API words them: {@code extensions.code} is the REST code
 * ({@code business_not_found}, {@code validation_failed}, ...) and {@code extensions.status} its
 * HTTP status; an unexpected failure is {@code internal_error} without its message, logged once.
 */
@Component
class GraphQlErrors extends DataFetcherExceptionResolverAdapter {

    private static final Logger log = LoggerFactory.getLogger(GraphQlErrors.class);

    @Override
    protected GraphQLError resolveToSingleError(Throwable failure, DataFetchingEnvironment environment) {
        AppError error = appError(failure);
        if (error == null) {
            log.error("event=graphql_field_failed field={} error={}", environment.getExecutionStepInfo().getPath(),
                    failure.toString(), failure);
            return GraphqlErrorBuilder.newError(environment).message("The field could not be computed.")
                    .extensions(extensions("internal_error", 500, Map.of())).build();
        }
        return GraphqlErrorBuilder.newError(environment).message(error.detail())
                .extensions(extensions(error.code(), error.status().value(), error.headers())).build();
    }

    /** The AppError {@code failure} stands for: itself, a refused database call's 503, or null for a bug. */
    static AppError appError(Throwable failure) {
        return AppError.of(failure).orElse(null);
    }

    /** An error that stops the whole operation before it runs (a cost limit, a refused method). */
    static GraphQLError operationError(String code, int status, String message, Map<String, String> headers) {
        return GraphqlErrorBuilder.newError().message(message).extensions(extensions(code, status, headers)).build();
    }

    static Map<String, Object> extensions(String code, int status, Map<String, String> headers) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", code);
        extensions.put("status", status);
        String retryAfter = headers.get("Retry-After");
        if (retryAfter != null) {
            extensions.put("retryAfter", retryAfter);
        }
        return extensions;
    }

    /** The {@code code} extension of every error of a response, in order. */
    static List<String> codes(List<? extends Map<String, Object>> errors) {
        return errors.stream().map(e -> e.get("extensions") instanceof Map<?, ?> ext ? String.valueOf(ext.get("code"))
                : "").toList();
    }
}
