package com.corpastro.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

import com.corpastro.backend.support.Api;
import com.corpastro.performance.scaling.ScalingProperties;

/**
 * The Kubernetes manifests in {@code deploy/kubernetes} against the running service (on H2, the
 * context of {@code H2ApiTest}): every probe path answers 200, every port name they use exists
 * and the container port is the one the service listens on, every metric name the autoscalers
 * query is exported at {@code /actuator/prometheus}, the scraped path answers with the admin token,
 * the environment variables set the properties they are meant for, and the termination grace
 * period covers preStop, the drain and the graceful shutdown.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:api;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "corp-astro.admin.token=" + ApiContractTests.ADMIN_TOKEN,
        "corp-astro.http.endpoint-types.auth.limit=" + ApiContractTests.SIGN_UPS_PER_MINUTE })
class KubernetesManifestsTest {

    private static final Path MANIFESTS = Path.of("..", "deploy", "kubernetes");
    private static final Pattern METRIC = Pattern.compile("corp_astro_[a-z0-9_]+");
    private static final Map<String, List<Map<String, Object>>> BY_KIND = new LinkedHashMap<>();
    private static final Map<String, String> TEXT = new LinkedHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readManifests() throws IOException {
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                TEXT.put(file.toString(), Files.readString(file));
                try (Reader reader = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(reader)) {
                        Map<String, Object> object = (Map<String, Object>) document;
                        BY_KIND.computeIfAbsent((String) object.get("kind"), kind -> new ArrayList<>()).add(object);
                    }
                }
            }
        }
        assertThat(BY_KIND).containsKeys("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                "ScaledObject", "ServiceMonitor", "ConfigMap", "Kustomization");
    }

    @Test
    void everyProbePathAnswers200AndEveryProbePortIsAContainerPort() {
        Map<String, Object> container = container();
        Map<String, Integer> ports = containerPorts(container);
        Api api = new Api(port);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> httpGet = map(map(container, probe), "httpGet");
            assertThat(ports).as(probe + " port").containsKey((String) httpGet.get("port"));
            String path = (String) httpGet.get("path");
            assertThat(api.get(path, null).status()).as(probe + " " + path).isEqualTo(200);
        }
    }

    @Test
    void theContainerPortIsTheOneTheServiceListensOnAndTheServicesFindIt() {
        Map<String, Object> container = container();
        Map<String, Integer> ports = containerPorts(container);
        Map<String, String> env = plainEnvironment(container);
        Binder binder = binder(env);
        assertThat(binder.bind("server.port", Integer.class).get()).as("SERVER_PORT").isEqualTo(ports.get("http"));

        Map<String, Object> service = BY_KIND.get("Service").get(0);
        List<Map<String, Object>> servicePorts = list(map(service, "spec"), "ports");
        for (Map<String, Object> servicePort : servicePorts) {
            assertThat(ports).as("Service targetPort").containsKey((String) servicePort.get("targetPort"));
        }
        Map<String, Object> monitor = list(map(BY_KIND.get("ServiceMonitor").get(0), "spec"), "endpoints").get(0);
        assertThat(servicePorts).extracting(p -> p.get("name")).as("ServiceMonitor port").contains(monitor.get("port"));
        Api.Response scraped = new Api(port).get((String) monitor.get("path"), ApiContractTests.ADMIN_TOKEN);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("# TYPE ");
    }

    @Test
    void everyMetricTheAutoscalersQueryIsExported() {
        String exported = new Api(port).get("/actuator/prometheus", ApiContractTests.ADMIN_TOKEN).body();
        Set<String> queried = new TreeSet<>();
        TEXT.forEach((file, text) -> {
            Matcher metric = METRIC.matcher(text);
            while (metric.find()) {
                queried.add(metric.group());
            }
        });
        assertThat(queried).contains("corp_astro_scaling_utilization");
        for (String metric : queried) {
            assertThat(exported).as(metric).containsPattern("(?m)^" + metric + "[ {]");
        }
        Map<String, Object> hpaMetric = map(map(list(map(BY_KIND.get("HorizontalPodAutoscaler").get(0), "spec"),
                "metrics").get(0), "pods"), "metric");
        assertThat(hpaMetric.get("name")).isEqualTo("corp_astro_scaling_utilization");
    }

    @Test
    void theEnvironmentSetsTheScalingPropertiesItNames() {
        Map<String, String> env = plainEnvironment(container());
        ScalingProperties scaling = binder(env).bind("corp-astro.scaling", ScalingProperties.class).get();
        assertThat(scaling.getDrainDelay()).isEqualTo(Duration.parse("PT" + env.get("CORP_ASTRO_SCALING_DRAIN_DELAY")));
        assertThat(scaling.getTargetInFlight()).isEqualTo(Integer.parseInt(env.get("CORP_ASTRO_SCALING_TARGET_IN_FLIGHT")));
        for (String name : List.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "REDIS_URL",
                "CORP_ASTRO_ADMIN_TOKEN")) {
            assertThat(list(container(), "env")).extracting(e -> e.get("name")).contains(name);
        }
    }

    @Test
    void theGracePeriodCoversPreStopTheDrainAndTheGracefulShutdown() {
        Map<String, Object> pod = map(map(BY_KIND.get("Deployment").get(0), "spec"), "template");
        long grace = ((Number) map(pod, "spec").get("terminationGracePeriodSeconds")).longValue();
        @SuppressWarnings("unchecked")
        List<String> preStop = (List<String>) map(map(map(container(), "lifecycle"), "preStop"), "exec").get("command");
        assertThat(preStop.get(0)).isEqualTo("sleep");
        Duration drain = binder(plainEnvironment(container())).bind("corp-astro.scaling", ScalingProperties.class).get()
                .getDrainDelay();
        Duration shutdownPhase = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class);
        long needed = Long.parseLong(preStop.get(1)) + drain.toSeconds() + shutdownPhase.toSeconds();
        assertThat(grace).as("preStop + drain + shutdown phase = " + needed + " s").isGreaterThan(needed);

        long stabilization = ((Number) map(map(map(BY_KIND.get("HorizontalPodAutoscaler").get(0), "spec"), "behavior"),
                "scaleDown").get("stabilizationWindowSeconds")).longValue();
        assertThat(stabilization).as("the HPA waits as /api/admin/scaling does")
                .isEqualTo(new ScalingProperties().getStabilizationWindow().toSeconds());
    }

    @Test
    void theDeploymentRunsTheImageJibBuilds() throws IOException {
        String image = (String) container().get("image");
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<jib.image>" + image.substring(0, image.indexOf(':')) + ":${project.version}</jib.image>");
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(pom); // the parent's: the project's
        assertThat(version.find()).isTrue();
        assertThat(image).endsWith(":" + version.group(1));
    }

    private static Binder binder(Map<String, String> env) {
        StandardEnvironment standalone = new StandardEnvironment();
        standalone.getPropertySources().addFirst(new SystemEnvironmentPropertySource("manifest",
                new LinkedHashMap<>(env)));
        return new Binder(ConfigurationPropertySources.from(standalone.getPropertySources().get("manifest")));
    }

    private static Map<String, Object> container() {
        Map<String, Object> pod = map(map(map(BY_KIND.get("Deployment").get(0), "spec"), "template"), "spec");
        return list(pod, "containers").get(0);
    }

    private static Map<String, Integer> containerPorts(Map<String, Object> container) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map<String, Object> port : list(container, "ports")) {
            ports.put((String) port.get("name"), ((Number) port.get("containerPort")).intValue());
        }
        return ports;
    }

    private static Map<String, String> plainEnvironment(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map<String, Object> variable : list(container, "env")) {
            if (variable.get("value") != null) {
                env.put((String) variable.get("name"), (String) variable.get("value"));
            }
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }
}
