package com.corpastro.backend.resilience;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.corpastro.backend.CorpAstroApplication;
import com.corpastro.testing.EmbeddedPostgresServer;
import com.corpastro.testing.EmbeddedRedisServer;

/**
 * Two real instances of the service in this JVM, each a full Spring Boot application on its own
 * random port, sharing one real Redis and one real PostgreSQL that the tests can stop and start
 * again on the same ports. Extra properties go to both instances, e.g. a
 * {@code CONTENT_GENERATOR_URL} pointing at a stub server.
 *
 * <pre>{@code
 * try (TwoNodeCluster cluster = TwoNodeCluster.start(Map.of("corp-astro.content.cache-ttl", "10m"))) {
 *     cluster.redis().stop();
 *     cluster.node(0).port();
 * }
 * }</pre>
 */
final class TwoNodeCluster implements AutoCloseable {

    static final String ADMIN_TOKEN = "resilience-admin-token-0123456789abcdef";
    /** Sign-ups per minute and client address, low enough that the shared-limit check can exhaust it. */
    static final int SIGN_UPS_PER_MINUTE = 20;

    private final EmbeddedRedisServer redis;
    private final EmbeddedPostgresServer postgres;
    private final String databaseName;
    private final Map<String, String> properties;
    private final List<Node> nodes = new ArrayList<>();

    /** One running instance. */
    record Node(String name, ConfigurableApplicationContext context, int port) {

        String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        <T> T bean(Class<T> type) {
            return context.getBean(type);
        }

        boolean running() {
            return context.isRunning();
        }
    }

    private TwoNodeCluster(EmbeddedRedisServer redis, EmbeddedPostgresServer postgres, String databaseName,
            Map<String, String> properties) {
        this.redis = redis;
        this.postgres = postgres;
        this.databaseName = databaseName;
        this.properties = properties;
    }

    /** Starts Redis, PostgreSQL and two instances; {@code extraProperties} override the defaults below. */
    static TwoNodeCluster start(Map<String, String> extraProperties) {
        return start(extraProperties, 2);
    }

    /** Starts Redis, PostgreSQL and {@code instances} instances (1 or 2) with {@code extraProperties}. */
    static TwoNodeCluster start(Map<String, String> extraProperties, int instances) {
        EmbeddedRedisServer redis = EmbeddedRedisServer.start();
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startRestartable();
        String url = postgres.createDatabase();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", "");
        // While PostgreSQL is down a request waits this long for a connection before it is answered 503.
        properties.put("spring.datasource.hikari.connection-timeout", "1500");
        properties.put("REDIS_URL", redis.url());
        properties.put("corp-astro.admin.token", ADMIN_TOKEN);
        properties.put("corp-astro.demo.enabled", "false");
        // The test client plays the load balancer: it names the end client in X-Forwarded-For.
        properties.put("corp-astro.http.trusted-proxies", "127.0.0.1");
        properties.put("corp-astro.http.endpoint-types.auth.limit", Integer.toString(SIGN_UPS_PER_MINUTE));
        for (String type : List.of("content", "api", "public", "admin")) {
            properties.put("corp-astro.http.endpoint-types." + type + ".limit", "1000000");
        }
        properties.put("corp-astro.auth.token-lookups-per-minute", "1000000");
        // Under the suites' load on a busy 2-core machine Redis can answer later than the default 250 ms;
        // a limiter that fell back to local buckets would make the shared-limit check meaningless.
        properties.put("corp-astro.http.rate-limit.redis-timeout", "2s");
        // Likewise for the cache: at the default 50 ms a slow answer counts as Redis failing, and an
        // instance that cannot take the cross-node load lease loads by itself (as it must when Redis
        // is really down), which the generated-once check would see as a second generation.
        properties.put("corp-astro.cache.redis.command-timeout", "1s");
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", "2s");
        properties.putAll(extraProperties);
        TwoNodeCluster cluster = new TwoNodeCluster(redis, postgres, url.substring(url.lastIndexOf('/') + 1),
                properties);
        try {
            // One after the other: the first runs the Flyway migrations, the second finds them applied.
            cluster.nodes.add(cluster.startNode("node-a", 0));
            if (instances > 1) {
                cluster.nodes.add(cluster.startNode("node-b", 0));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private Node startNode(String name, int port) {
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--corp-astro.monitor.node-id=" + name);
        args.add("--server.port=" + port);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CorpAstroApplication.class)
                .run(args.toArray(String[]::new));
        return new Node(name, context, Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    Node node(int index) {
        return nodes.get(index);
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Stops instance {@code index} as a deployment would: graceful shutdown, then the process is gone. */
    void stopNode(int index) {
        nodes.get(index).context().close();
    }

    /** Starts instance {@code index} again on the port it had. */
    void restartNode(int index) {
        Node old = nodes.get(index);
        if (old.running()) {
            return;
        }
        nodes.set(index, startNode(old.name(), old.port()));
    }

    EmbeddedRedisServer redis() {
        return redis;
    }

    EmbeddedPostgresServer postgres() {
        return postgres;
    }

    /** The service's database, straight from PostgreSQL, for checking what was stored. */
    DataSource database() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {postgres.port()});
        dataSource.setDatabaseName(databaseName);
        dataSource.setUser(postgres.username());
        return dataSource;
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            if (node.context().isActive()) {
                node.context().close();
            }
        }
        postgres.close();
        redis.close();
    }
}
