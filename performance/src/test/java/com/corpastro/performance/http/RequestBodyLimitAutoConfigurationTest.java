package com.corpastro.performance.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.mock.web.MockHttpServletRequest;

import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;

/** The request body limits of corp-astro.error.*, as the HTTP layer's filter applies them. */
class RequestBodyLimitAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ProblemDetailsAutoConfiguration.class, RequestBodyLimitAutoConfiguration.class));

    @Test
    void bodyLimitsByRouteComeFromProperties() {
        runner.withPropertyValues("corp-astro.error.body-limits.import.patterns=POST /api/admin/businesses/import",
                "corp-astro.error.body-limits.import.max-size=32MB").run(context -> {
                    RequestBodyLimitFilter filter = (RequestBodyLimitFilter) context
                            .getBean("corpAstroRequestBodyLimitFilter", FilterRegistrationBean.class).getFilter();
                    assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/api/users"))).isEqualTo(64 * 1024);
                    assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/api/admin/businesses/import")))
                            .isEqualTo(32L * 1024 * 1024);
                });
    }
}
