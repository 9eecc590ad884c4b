package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.List;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/** Cold first reads: every request asks for content nobody asked for before, so it is generated. */
public class ColdReads extends Simulation {

    private final LoadRun run = new LoadRun("cold-reads", ColdReads.class);

    private final ScenarioBuilder ramp = scenario("cold reads, ramp")
            .feed(Requests.firstReads(run)).exec(Requests.readContent("first read (ramp)"));
    private final ScenarioBuilder plateau = scenario("cold reads")
            .feed(Requests.firstReads(run))
            .exec(Requests.measured(run, Requests.readContent("first read"), "first read (generated)"));

    {
        setUp(ramp.injectClosed(rampConcurrentUsers(1).to(run.users()).during(run.ramp()))
                .andThen(plateau.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau()))))
                .protocols(Requests.protocol(run));
    }

    @Override
    public void before() {
        run.prepare();
    }

    @Override
    public void after() {
        run.finish(List.of(run.row("first read (generated)", 0, run.contentBytes())));
    }
}
