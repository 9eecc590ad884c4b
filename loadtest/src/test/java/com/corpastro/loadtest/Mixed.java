package com.corpastro.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * Mixed traffic on the working set: 90% content reads, 8% renames by the owner (each one
 * invalidates that business's cached content, which the next read regenerates), 2% sign-ups.
 */
public class Mixed extends Simulation {

    private static final String ALL = "mixed, all requests";

    private final LoadRun run = new LoadRun("mixed", Mixed.class);
    private final Iterator<Map<String, Object>> businesses = Requests.hotReads(run);
    private final Iterator<Map<String, Object>> emails = Requests.signUps();

    private final ScenarioBuilder ramp = scenario("mixed, ramp").exec(mix("mixed (ramp)", false));
    private final ScenarioBuilder plateau = scenario("mixed").exec(mix("mixed", true));

    {
        setUp(ramp.injectClosed(rampConcurrentUsers(1).to(run.users()).during(run.ramp()))
                .andThen(plateau.injectClosed(constantConcurrentUsers(run.users()).during(run.plateau()))))
                .protocols(Requests.protocol(run));
    }

    private ChainBuilder mix(String name, boolean measure) {
        return group(name).on(feed(businesses).exec(randomSwitch().on(
                percent(90.0).then(step(Requests.readContent("read"), measure, "mixed: read")),
                percent(8.0).then(step(Requests.rename("update"), measure, "mixed: update")),
                percent(2.0).then(feed(emails).exec(step(Requests.signUp("sign-up"), measure, "mixed: sign-up"))))));
    }

    private ChainBuilder step(HttpRequestActionBuilder request, boolean measure, String row) {
        return measure ? Requests.measured(run, request, ALL, row) : exec(request);
    }

    @Override
    public void before() {
        run.prepare();
    }

    @Override
    public void after() {
        ServiceUnderTest.ResponseBytes content = run.contentBytes();
        run.finish(List.of(run.row(ALL, 0, content), run.row("mixed: read", 1, content),
                run.row("mixed: update", 1, null), run.row("mixed: sign-up", 1, null)));
    }
}
