package com.corpastro.backend.system;

import java.time.Clock;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.corpastro.backend.astro.AstroEngine;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    /** The astrology engine; {@code astro} is plain Java, with no Spring in it. */
    @Bean
    AstroEngine astroEngine() {
        return new AstroEngine();
    }

    /** One clock for the whole service, so tests can fix time. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * A JSON number or boolean where the API expects text is a value of the wrong type (400
     * malformed_request_body), not a name such as "1e400" or "true".
     */
    @Bean
    JsonMapperBuilderCustomizer textIsNeverCoerced() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, config -> config
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    @Bean
    OpenAPI corpAstroOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Corp Astro API").version("v1")
                        .description("Daily horoscopes, weekly forecasts and monthly outlooks for businesses."))
                .components(new Components().addSecuritySchemes("apiToken",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("apiToken"));
    }
}
