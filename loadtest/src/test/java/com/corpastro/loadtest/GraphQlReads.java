package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * A persisted GraphQL query over GET against the REST cached content endpoint, in one run: the
 * issue's {@code { me { businesses { items { content(type: daily_horoscope) { body } } } } }} for a
 * random owner (10 businesses each), registered once and warmed so the response cache answers it,
 * then the hot REST reads, each measured at full concurrency for the plateau after a ramp that
 * sends both.
 */
public class GraphQlReads extends Simulation {

    static final String QUERY = "{ me { businesses { items { content(type: daily_horoscope) { body } } } } }";

    private final LoadRun run = new LoadRun("graphql-reads", GraphQlReads.class);
    private final AtomicReference<String> persistedPath = new AtomicReference<>();

    /** Both kinds of read in turn, so the ramp warms both paths alike before either is measured. */
    private final ScenarioBuilder ramp = scenario("graphql and content reads, ramp")
            .feed(Requests.persistedReads(run, persistedPath)).exec(Requests.persistedQuery("graphql (ramp)"))
            .feed(Requests.hotReads(run)).exec(Requests.readContent("content (ramp)"));
    private final ScenarioBuilder graphql = scenario("persisted graphql get")
            .feed(Requests.persistedReads(run, persistedPath))
            .exec(Requests.measured(run, Requests.persistedQuery("persisted graphql get"), "persisted graphql get"));
    private final ScenarioBuilder content = scenario("cached content")
            .feed(Requests.hotReads(run))
            .exec(Requests.measured(run, Requests.readContent("cached content"), "cached content"));

    {
        setUp(ramp.injectClosed(rampConcurrentUsers(1).to(run.users()).during(run.ramp()))
                .andThen(graphql.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau()))
                        .andThen(content.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau())))))
                .protocols(Requests.protocol(run));
    }

    @Override
    public void before() {
        run.prepare();
        persistedPath.set(run.service().warmUpPersistedQuery(QUERY));
    }

    @Override
    public void after() {
        ServiceUnderTest.ResponseBytes graphqlBytes = run.service().measureBytes(persistedPath.get(),
                run.service().businesses().get(0).ownerToken());
        run.finish(List.of(run.row("persisted graphql get", 0, graphqlBytes),
                run.row("cached content", 0, run.contentBytes())));
    }
}
