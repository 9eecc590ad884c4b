package com.corpastro.performance.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.SummaryContributor;

/**
 * A small application using the performance system, with a dummy endpoint to generate traffic.
 * Run it with {@code main} to look at the dashboard by hand (token {@code dashboard-admin-token-0123456789abcdef}).
 */
@SpringBootApplication
public class DashboardTestApplication {

    public static void main(String[] args) {
        SpringApplication.run(DashboardTestApplication.class, "--corp-astro.admin.token=dashboard-admin-token-0123456789abcdef");
    }

    /**
     * A "graphql" summary section of the shape an application with GraphQL contributes (the
     * backend's GraphQlSummary): one operation, for the dashboard's GraphQL table.
     */
    @Bean
    SummaryContributor graphqlOperations() {
        return new SummaryContributor() {
            @Override
            public String name() {
                return "graphql";
            }

            @Override
            public Object contribute() {
                return Map.of("windowMs", 900_000, "operations", List.of(Map.of("name", "Dashboard", "type", "query",
                        "count", 12, "errors", 1, "p50Ms", 4.5, "p95Ms", 9.25, "p99Ms", 12.0, "maxMs", 13.0)));
            }
        };
    }

    @Bean
    ApplicationRunner greetingsTable(JdbcTemplate jdbc) {
        return arguments -> jdbc.execute("create table if not exists greetings (id int primary key, text varchar(40))");
    }

    @RestController
    static class DemoController {

        private final CacheManager cache;
        private final PerformanceMonitor monitor;
        private final JdbcTemplate jdbc;

        DemoController(CacheManager cache, PerformanceMonitor monitor, JdbcTemplate jdbc) {
            this.cache = cache;
            this.monitor = monitor;
            this.jdbc = jdbc;
        }

        /** Cached for most keys; a miss "generates" content and queries the database (the analyzer records it). */
        @GetMapping("/demo/hello/{n}")
        String hello(@PathVariable int n) {
            return cache.getOrSet("hello:" + n % 20, String.class, () -> {
                long started = System.nanoTime();
                Integer stored = jdbc.queryForObject("select count(*) from greetings where id = ?", Integer.class, n % 20);
                String content = "hello " + n % 20 + " (" + stored + ")";
                monitor.recordContentGeneration("greeting", (System.nanoTime() - started) / 1e6, true);
                return content;
            }, Duration.ofSeconds(2));
        }
    }
}
