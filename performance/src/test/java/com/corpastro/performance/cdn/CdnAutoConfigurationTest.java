package com.corpastro.performance.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.InvalidationListener;
import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;

class CdnAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CdnAutoConfiguration.class, PerformanceCacheAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class Database {
        @Bean
        DataSource dataSource() {
            return new DriverManagerDataSource("jdbc:h2:mem:cdn-config;DB_CLOSE_DELAY=-1", "sa", "");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnPurger {
        @Bean
        CdnPurger myCdn() {
            return new PurgeWorkerTest.RecordingPurger(7);
        }
    }

    @Test
    void byDefaultPublicResponsesGetEveryEdgeKeyHeaderAndNothingIsPurged() {
        runner.run(context -> {
            assertThat(context.getBean(EdgeKeys.class).headers()).containsExactly(EdgeKeys.Header.values());
            assertThat(context).doesNotHaveBean(CdnPurger.class).doesNotHaveBean(PurgeWorker.class)
                    .doesNotHaveBean(InvalidationListener.class);
        });
    }

    @Test
    void theEdgeKeyHeadersAreConfigurableAndCanBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.cdn.edge-key-headers=xkey,surrogate-key").run(context ->
                assertThat(context.getBean(EdgeKeys.class).headers())
                        .containsExactly(EdgeKeys.Header.XKEY, EdgeKeys.Header.SURROGATE_KEY));
        runner.withPropertyValues("corp-astro.cdn.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(EdgeKeys.class));
    }

    @Test
    void aProviderGetsItsPurgerTheOutboxOnTheCachesInvalidationsAndTheWorker() {
        runner.withUserConfiguration(Database.class)
                .withPropertyValues("corp-astro.cdn.provider=fastly", "corp-astro.cdn.api-token=t",
                        "corp-astro.cdn.service-id=s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CdnPurger.class)).isInstanceOf(FastlyPurger.class);
                    assertThat(context).hasSingleBean(PurgeWorker.class);
                    assertThat(context.getBeansOfType(InvalidationListener.class).values())
                            .containsExactly(context.getBean(PurgeOutbox.class));
                    assertThat(context).hasSingleBean(CacheManager.class);
                });
    }

    @Test
    void anApplicationsOwnPurgerIsUsed() {
        runner.withUserConfiguration(Database.class, OwnPurger.class)
                .withPropertyValues("corp-astro.cdn.provider=varnish")
                .run(context -> assertThat(context.getBean(CdnPurger.class).name()).isEqualTo("recording"));
    }

    @Test
    void aMissingSettingFailsAtStartWithItsName() {
        runner.withUserConfiguration(Database.class).withPropertyValues("corp-astro.cdn.provider=varnish")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("corp-astro.cdn.purge-url (CDN_PURGE_URL) is required for provider varnish"));
        runner.withUserConfiguration(Database.class).withPropertyValues("corp-astro.cdn.provider=cloudflare",
                "corp-astro.cdn.api-token=t").run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("corp-astro.cdn.service-id"));
        runner.withPropertyValues("corp-astro.cdn.provider=varnish", "corp-astro.cdn.purge-url=http://127.0.0.1:1/")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("needs the application's DataSource"));
    }

    @Test
    void anUnknownProviderFailsAtStart() {
        runner.withPropertyValues("corp-astro.cdn.provider=edgio").run(context ->
                assertThat(context).getFailure().hasStackTraceContaining("edgio"));
    }

    @Test
    void eachProviderHasItsDocumentedBatchLimit() {
        assertThat(List.of(VarnishPurger.MAX_KEYS, FastlyPurger.MAX_KEYS, CloudflarePurger.MAX_KEYS,
                AkamaiPurger.MAX_KEYS)).containsExactly(50, 256, 100, 250);
    }
}
