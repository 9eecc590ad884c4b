package com.corpastro.performance.error;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;

import com.corpastro.performance.http.RequestBodyLimitAutoConfiguration;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

class ProblemDetailsAutoConfigurationTest {

    /** With the request body limits of {@link ErrorProperties}, which the HTTP layer enforces. */
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProblemDetailsAutoConfiguration.class, RequestBodyLimitAutoConfiguration.class));

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

    @Test
    void aBodyLimitWithoutASizeFailsWithItsName() {
        runner.withPropertyValues("corp-astro.error.body-limits.import.patterns=POST /import").run(context -> assertThat(
                context).getFailure().rootCause().hasMessageContaining("corp-astro.error.body-limits.import.max-size"));
        runner.withPropertyValues("corp-astro.error.body-limits.import.patterns=POST /import",
                "corp-astro.error.body-limits.import.max-size=0B").run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("max-size must be > 0, was 0B"));
    }

    private final WebApplicationContextRunner withJackson = runner
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class));

    @Test
    void theApplicationsJsonMapperReadsNoMoreThanTheLargestBodyAndNoHugeStrings() {
        withJackson.withPropertyValues("corp-astro.error.body-limits.import.patterns=POST /import",
                "corp-astro.error.body-limits.import.max-size=2MB", "corp-astro.error.max-json-string-length=1000")
                .withBean(JsonMapperBuilderCustomizer.class, () -> builder -> builder
                        .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS))
                .run(context -> {
                    JsonMapper mapper = context.getBean(JsonMapper.class);
                    StreamReadConstraints constraints = mapper.tokenStreamFactory().streamReadConstraints();
                    assertThat(constraints.getMaxDocumentLength()).isEqualTo(2L * 1024 * 1024);
                    assertThat(constraints.getMaxStringLength()).isEqualTo(1000);
                    assertThat(constraints.getMaxNestingDepth())
                            .isEqualTo(StreamReadConstraints.defaults().getMaxNestingDepth());
                    assertThatThrownBy(() -> mapper.readTree("{\"a\":\"" + "x".repeat(1001) + "\"}"))
                            .isInstanceOf(StreamConstraintsException.class);
                    assertThatThrownBy(() -> mapper.readTree("[" + "1,".repeat(1024 * 1024) + "1]"))
                            .isInstanceOf(StreamConstraintsException.class);
                    assertThat(mapper.readTree("{\"a\":\"" + "x".repeat(1000) + "\"}").get("a").asString())
                            .hasSize(1000);
                    // Spring Boot's and the application's customizers still apply.
                    assertThat(mapper.isEnabled(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS))
                            .isTrue();
                });
    }

    @Test
    void jsonReadLimitsCanBeSwitchedOffAndBackOffForTheApplicationsBuilder() {
        withJackson.withPropertyValues("corp-astro.error.json-read-limits-enabled=false").run(context -> assertThat(
                context.getBean(JsonMapper.class).tokenStreamFactory().streamReadConstraints().getMaxStringLength())
                .isEqualTo(StreamReadConstraints.defaults().getMaxStringLength()));
        withJackson.withBean("myBuilder", JsonMapper.Builder.class, JsonMapper::builder)
                .run(context -> assertThat(context.getBean(JsonMapper.class).tokenStreamFactory()
                        .streamReadConstraints().hasMaxDocumentLength()).isFalse());
    }
}
