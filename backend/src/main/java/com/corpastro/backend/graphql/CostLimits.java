package com.corpastro.backend.graphql;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.corpastro.backend.account.Authenticator;
import com.corpastro.performance.http.HttpProperties;
import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.ratelimit.RateLimitDecision;
import com.corpastro.performance.ratelimit.RateLimiter;

import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.OperationDefinition;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Refuses an operation before any field runs when it is too deep ({@code query_too_deep}), too
 * complex ({@code query_too_complex}), asks for introspection without an admin's token where
 * that is off ({@code admin_required}), is a mutation sent over GET ({@code method_not_allowed}),
 * or costs more than is left in the caller's {@value #ENDPOINT_TYPE} rate-limit bucket
 * ({@code rate_limited}): the call takes its complexity in tokens, of which the HTTP rate limit
 * already took one. The findings go to the request's {@link GraphQlCall}.
 */
@Component
class CostLimits implements Instrumentation {

    /** The endpoint type whose bucket GraphQL calls draw on ({@code corp-astro.http.endpoint-types.graphql.*}). */
    static final String ENDPOINT_TYPE = "graphql";

    private final GraphQlProperties properties;
    private final OperationAnalyzer analyzer;
    private final RateLimiter limiter;
    private final EndpointPolicy policy;
    private final Authenticator authenticator;
    private final ClientAddressResolver addresses;

    CostLimits(GraphQlProperties properties, ObjectProvider<RateLimiter> limiter, ObjectProvider<HttpProperties> http,
            Authenticator authenticator, ObjectProvider<ClientAddressResolver> addresses) {
        this.properties = properties;
        this.analyzer = new OperationAnalyzer(properties.getContentWeight());
        this.limiter = limiter.getIfAvailable();
        HttpProperties httpProperties = http.getIfAvailable();
        this.policy = httpProperties == null ? null : httpProperties.policies().get(ENDPOINT_TYPE);
        this.authenticator = authenticator;
        this.addresses = addresses.getIfAvailable(ClientAddressResolver::direct);
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
            InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        GraphQlCall call = execution.getGraphQLContext().get(GraphQlCall.KEY);
        OperationDefinition operation = execution.getOperationDefinition();
        if (call != null && call.readOnly() && operation.getOperation() != OperationDefinition.Operation.QUERY) {
            throw refused("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "GET runs queries only; send a "
                    + operation.getOperation().name().toLowerCase(Locale.ROOT) + " with POST.");
        }
        OperationAnalyzer.Result result = analyzer.analyze(execution.getGraphQLSchema(), execution.getDocument(),
                operation, execution.getCoercedVariables());
        if (result.depth() > properties.getMaxDepth()) {
            throw refused("query_too_deep", HttpStatus.BAD_REQUEST, "The operation nests fields " + result.depth()
                    + " deep; at most " + properties.getMaxDepth() + " are allowed.");
        }
        if (result.complexity() > properties.getMaxComplexity()) {
            throw refused("query_too_complex", HttpStatus.BAD_REQUEST, "The operation costs " + result.complexity()
                    + " (fields times list sizes, content " + properties.getContentWeight() + " each); at most "
                    + properties.getMaxComplexity() + " are allowed.");
        }
        if (result.introspection() && !properties.isPublicIntrospection() && (call == null || !call.isAdmin())) {
            throw refused("admin_required", HttpStatus.FORBIDDEN, "Introspection is for administrators.");
        }
        if (call != null) {
            charge(call.request(), result.complexity());
            call.analysis(new GraphQlCall.Analysis(result.operationType(), result.operationName(), result.depth(),
                    result.complexity(), result.maxAge(), result.shared()));
        }
        return null;
    }

    /** Takes the call's cost, less the token the HTTP rate limit took, from the caller's bucket. */
    private void charge(HttpServletRequest request, int complexity) {
        if (limiter == null || policy == null || complexity <= 1) {
            return;
        }
        RateLimitDecision decision = limiter.tryAcquire(policy, key(request), complexity - 1L);
        if (!decision.allowed()) {
            long retryAfter = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            throw new AbortExecutionException(List.of(GraphQlErrors.operationError("rate_limited", 429,
                    "This operation costs " + complexity + " of the " + policy.limit() + " GraphQL cost units a "
                            + policy.period().toSeconds() + " s window allows; retry in " + retryAfter + " s.",
                    Map.of("Retry-After", Long.toString(retryAfter)))));
        }
    }

    /** The key the HTTP rate limit gives the request: the user, else the client (IPv4 address or IPv6 /64). */
    private String key(HttpServletRequest request) {
        if (policy.key() == EndpointPolicy.RateLimitKey.USER) {
            var user = authenticator.userKey(request);
            if (user.isPresent()) {
                return "user:" + user.get();
            }
        }
        return "ip:" + addresses.clientKey(request);
    }

    private static AbortExecutionException refused(String code, HttpStatus status, String message) {
        return new AbortExecutionException(List.of(GraphQlErrors.operationError(code, status.value(), message,
                Map.of())));
    }
}
