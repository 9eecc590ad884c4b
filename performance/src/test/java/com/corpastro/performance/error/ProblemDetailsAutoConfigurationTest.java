package com.corpastro.performance.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.error.ErrorController;

import com.corpastro.performance.autoconfigure.ProblemDetailsAutoConfiguration;

class ProblemDetailsAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProblemDetailsAutoConfiguration.class));

    @Test
    void registersHandlerErrorControllerAndFilters() {
        runner.run(context -> assertThat(context).hasSingleBean(ProblemDetailsHandler.class)
                .hasSingleBean(ProblemErrorController.class).hasBean("corpAstroRequestIdFilter")
                .hasBean("corpAstroRequestBodyLimitFilter"));
    }

    @Test
    void switchesOffRequestIdsAndTheErrorController() {
        runner.withPropertyValues("corp-astro.error.request-id-enabled=false",
                "corp-astro.error.error-controller-enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("corpAstroRequestIdFilter")
                        .doesNotHaveBean(ProblemErrorController.class));
    }

    @Test
    void backsOffWhenTheApplicationHasItsOwnErrorController() {
        runner.withBean(ErrorController.class, () -> new ErrorController() { })
                .run(context -> assertThat(context).doesNotHaveBean(ProblemErrorController.class));
    }

    @Test
    void badBodyLimitFailsWithTheValue() {
        runner.withPropertyValues("corp-astro.error.max-request-body-size=0B").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("max-request-body-size must be > 0, was 0B"));
    }
}
