package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.List;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * Hot reads: the working set's content, already generated, read at random. Concurrency climbs
 * from 1 to the plateau (the saturation curve in Gatling's report), then holds for the measured
 * phase; then the trivial endpoint is measured the same way, so that both ratios come from one run.
 */
public class HotReads extends Simulation {

    private final LoadRun run = new LoadRun("hot-reads", HotReads.class);

    private final ScenarioBuilder ramp = scenario("hot reads, ramp")
            .feed(Requests.hotReads(run)).exec(Requests.readContent("content (ramp)"));
    private final ScenarioBuilder content = scenario("hot reads")
            .feed(Requests.hotReads(run))
            .exec(Requests.measured(run, Requests.readContent("cached content"), "cached content"));
    private final ScenarioBuilder ping = scenario("trivial endpoint")
            .exec(Requests.measured(run, Requests.ping("trivial endpoint"), "trivial endpoint"));

    {
        setUp(ramp.injectClosed(rampConcurrentUsers(1).to(run.users()).during(run.ramp()))
                .andThen(content.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau()))
                        .andThen(ping.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau())))))
                .protocols(Requests.protocol(run));
    }

    @Override
    public void before() {
        run.prepare();
    }

    @Override
    public void after() {
        run.finish(List.of(run.row("cached content", 0, run.contentBytes()),
                run.row("trivial endpoint", 0, run.pingBytes())));
    }
}
