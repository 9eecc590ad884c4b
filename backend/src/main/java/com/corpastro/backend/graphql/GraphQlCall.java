package com.corpastro.backend.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.corpastro.backend.account.Caller;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.error.AppError;

import jakarta.servlet.http.HttpServletRequest;

/**
 * One GraphQL request as the fetchers and the cost check see it, kept in its GraphQLContext under
 * {@link #KEY}: who calls, whether it came over GET (queries only), and what the response was
 * built from (entity tags for the response cache, content that must not be replayed).
 */
final class GraphQlCall {

    static final String KEY = "corpAstroGraphQlCall";

    private final Optional<Caller> caller;
    private final boolean readOnly;
    private final HttpServletRequest request;
    private final List<EntityTag> tags = new ArrayList<>();
    private volatile boolean doNotStore;
    private volatile Analysis analysis;

    GraphQlCall(Optional<Caller> caller, boolean readOnly, HttpServletRequest request) {
        this.caller = caller;
        this.readOnly = readOnly;
        this.request = request;
    }

    /** The caller; 401 unauthorized for a field that needs a token when the request has none. */
    Caller caller() {
        return caller.orElseThrow(() -> new AppError(org.springframework.http.HttpStatus.UNAUTHORIZED, "unauthorized",
                "This field needs an API token: send 'Authorization: Bearer <apiToken>'."));
    }

    boolean isAdmin() {
        return caller.map(Caller::admin).orElse(false);
    }

    /** Whether the request came over GET, which runs queries only. */
    boolean readOnly() {
        return readOnly;
    }

    HttpServletRequest request() {
        return request;
    }

    /** Names an entity the response was built from, so its change purges the cached response. */
    synchronized void tag(EntityTag... entityTags) {
        tags.addAll(List.of(entityTags));
    }

    synchronized List<EntityTag> tags() {
        return List.copyOf(tags);
    }

    /** Keeps this response out of the response cache (it reports content generated just now, or a stale copy). */
    void doNotStore() {
        doNotStore = true;
    }

    boolean isStoreSkipped() {
        return doNotStore;
    }

    void analysis(Analysis analysis) {
        this.analysis = analysis;
    }

    /** The cost check's findings, once the operation passed it; {@code null} before (or when it never ran). */
    Analysis analysis() {
        return analysis;
    }

    /**
     * What the cost check found out about the operation before it ran.
     *
     * @param operationType {@code query} or {@code mutation}
     * @param operationName the operation's name, or {@code anonymous}
     * @param maxAge        seconds the response may be cached, from the fields' cache hints
     * @param shared        whether every field allows a shared (public) cache
     */
    record Analysis(String operationType, String operationName, int depth, int complexity, int maxAge,
            boolean shared) {
    }
}
