package com.corpastro.benchmarks.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.web.context.servlet.AnnotationConfigServletWebApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;

import com.corpastro.performance.admin.AdminAccessAutoConfiguration;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.PerformanceCacheAutoConfiguration;
import com.corpastro.performance.compression.CompressionAutoConfiguration;
import com.corpastro.performance.error.ProblemDetailsAutoConfiguration;
import com.corpastro.performance.http.HttpAutoConfiguration;
import com.corpastro.performance.http.RequestBodyLimitAutoConfiguration;
import com.corpastro.performance.monitor.MonitorAutoConfiguration;
import com.corpastro.performance.monitor.MonitorWebAutoConfiguration;
import com.corpastro.performance.ratelimit.RateLimitAutoConfiguration;
import com.corpastro.performance.response.ResponseAutoConfiguration;
import com.corpastro.performance.response.ResponseCacheTags;
import com.corpastro.performance.scaling.ScalingAutoConfiguration;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every servlet filter the performance system installs in a service (request id, empty-error
 * bodies, path firewall, timing with the monitor's request metrics, security headers, body
 * limit, node load, rate limit, admin paths, response filter; all but the query analyzer's scope,
 * which needs a database), as the auto-configurations build them, in their order, in front of
 * these endpoints, every request asking for {@code br, gzip}:
 *
 * <ul>
 * <li>{@code ping}: the service's trivial endpoint ({@code GET /api/system/ping}, 5 bytes of
 * {@code text/plain}), a request the performance system cannot help - its overhead; {@code barePing}
 * is the same handler with no filter;</li>
 * <li>{@code trivialFixedBytes}: a handler that writes a fixed byte array (not compressible, so
 * only buffering and the ETag hash are paid) - the floor;</li>
 * <li>{@code cachedContent}: the content endpoint with the response cache on - after the first
 * request every answer is the stored brotli variant, no handler and no compression;</li>
 * <li>{@code uncachedContentCompressed}: the same endpoint with the response cache off - the
 * handler runs and the body is compressed on every request;</li>
 * <li>{@code contentMissStored}: the cached endpoint for a day nobody asked for (a new
 * {@code ?date=} each time): a response-cache miss whose answer is stored - the handler runs, the
 * entry is built and compressed for the coding the request asked for;</li>
 * <li>{@code bareFixedBytes}: the fixed byte array with no filter at all - the cost of the mock
 * request, response and chain alone.</li>
 * </ul>
 *
 * The response writes arrays in bulk (Spring's mock stream writes byte by byte, which would
 * charge large bodies for the mock's cost), and every request shares one servlet context (a mock
 * request makes its own otherwise, 5 KB a request): run with {@code -prof gc}, a benchmark's bytes per
 * operation less {@code barePing}'s are what the filters allocate (plus the mock's cost of the
 * headers they set).
 *
 * The teardown prints how often the content handler ran: on the cached chain that is once per
 * cache entry, and only then is the body compressed (once per coding).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HttpFilterChainBenchmark {

    private static final String CONTENT_PATH = "/api/businesses/1/content/daily_horoscope";
    private static final byte[] PONG = "pong\n".getBytes(StandardCharsets.US_ASCII);

    private byte[] fixed;
    private byte[] content;
    private AnnotationConfigServletWebApplicationContext cachedContext;
    private AnnotationConfigServletWebApplicationContext uncachedContext;
    private Filter[] cachedChain;
    private Filter[] uncachedChain;
    private HttpServlet trivialHandler;
    private HttpServlet contentHandler;
    private HttpServlet pingHandler;
    private final AtomicLong missDay = new AtomicLong();
    /** One servlet context for every request: a mock request makes a whole one of its own otherwise. */
    private final MockServletContext servletContext = new MockServletContext();
    private final AtomicLong contentCalls = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        content = json(3000).getBytes(StandardCharsets.UTF_8);
        fixed = content.clone();
        cachedContext = context(true);
        uncachedContext = context(false);
        cachedChain = chain(cachedContext);
        uncachedChain = chain(uncachedContext);
        trivialHandler = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("application/octet-stream");
                res.getOutputStream().write(fixed);
            }
        };
        pingHandler = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.setContentType("text/plain");
                res.getOutputStream().write(PONG);
            }
        };
        contentHandler = new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                contentCalls.incrementAndGet();
                ResponseCacheTags.add(req, EntityTag.of("business", 1));
                res.setContentType("application/json");
                res.getOutputStream().write(content);
            }
        };
    }

    /**
     * The filters as the auto-configuration builds them for an application with these settings:
     * effectively unlimited rate limits, in-process buckets and cache, the content endpoint's
     * responses cached ({@code cached}) or not.
     */
    private static AnnotationConfigServletWebApplicationContext context(boolean cached) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("corp-astro.http.endpoint-types.content.patterns", "/api/businesses/*/content/**");
        properties.put("corp-astro.http.endpoint-types.content.limit", "1000000000");
        properties.put("corp-astro.http.endpoint-types.content.cache-control", "private, max-age=600");
        properties.put("corp-astro.http.endpoint-types.api.limit", "1000000000");
        properties.put("corp-astro.http.endpoint-types.api.cache-control", "none");
        properties.put("corp-astro.http.timing.slow-threshold", "5s");
        properties.put("corp-astro.http.security-headers.content-security-policy", "default-src 'self'");
        properties.put("corp-astro.http.security-headers.strict-transport-security", "max-age=600");
        properties.put("corp-astro.http.rate-limit.redis-enabled", "false");
        properties.put("corp-astro.cache.redis.enabled", "false");
        properties.put("corp-astro.http.response-cache.ttl", "1h");
        properties.put("corp-astro.admin.token", "benchmark-admin-token-of-at-least-32-characters");
        properties.put("corp-astro.monitor.admin-paths", "/api/admin/**,/actuator/**");
        properties.put("corp-astro.monitor.open-paths", "/actuator/health/**,/actuator/info");
        properties.put("corp-astro.error.body-limits.import.patterns", "POST /api/admin/businesses/import");
        properties.put("corp-astro.error.body-limits.import.max-size", "32MB");
        properties.put("corp-astro.monitor.jdbc-rollups", "false");
        if (cached) {
            properties.put("corp-astro.http.response-cache.routes", "GET /api/businesses/*/content/*?date");
        }
        AnnotationConfigServletWebApplicationContext context = new AnnotationConfigServletWebApplicationContext();
        context.setServletContext(new MockServletContext());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", properties));
        context.register(HttpLayer.class);
        context.refresh();
        return context;
    }

    /** The chain measured: every filter the auto-configurations registered, in their order. */
    static Filter[] chain(AnnotationConfigServletWebApplicationContext context) {
        return context.getBeansOfType(FilterRegistrationBean.class).values().stream()
                .sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
                .map(registration -> (Filter) registration.getFilter())
                .toArray(Filter[]::new);
    }

    /**
     * The auto-configurations that install servlet filters and what they need (the monitor for its
     * request metrics, the admin access for the admin paths), nothing else.
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ MonitorAutoConfiguration.class, PerformanceCacheAutoConfiguration.class,
            ProblemDetailsAutoConfiguration.class, AdminAccessAutoConfiguration.class, MonitorWebAutoConfiguration.class,
            HttpAutoConfiguration.class, RequestBodyLimitAutoConfiguration.class, CompressionAutoConfiguration.class,
            RateLimitAutoConfiguration.class, ResponseAutoConfiguration.class, ScalingAutoConfiguration.class })
    static class HttpLayer {
    }

    @TearDown(Level.Trial)
    public void report() {
        cachedContext.close();
        uncachedContext.close();
        System.out.println();
        // On the cached chain every handler call is a miss that compresses once per coding; on the
        // uncached chain every request runs the handler and compresses.
        System.out.println("requests: " + requests.get() + ", content handler calls (each one compression per "
                + "coding on the cached chain, one per request on the uncached chain): " + contentCalls.get());
    }

    @Benchmark
    public MockHttpServletResponse ping(CpuTime cpu) throws Exception {
        cpu.ops++;
        return run(cachedChain, pingHandler, "/api/system/ping");
    }

    @Benchmark
    public MockHttpServletResponse barePing(CpuTime cpu) throws Exception {
        cpu.ops++;
        return run(new Filter[0], pingHandler, "/api/system/ping");
    }

    @Benchmark
    public MockHttpServletResponse contentMissStored(CpuTime cpu) throws Exception {
        cpu.ops++;
        return run(cachedChain, contentHandler, CONTENT_PATH, "date", Long.toString(missDay.incrementAndGet()));
    }

    @Benchmark
    public MockHttpServletResponse trivialFixedBytes(CpuTime cpu) throws Exception {
        cpu.ops++;
        return run(cachedChain, trivialHandler, "/api/fixed");
    }

    @Benchmark
    public MockHttpServletResponse bareFixedBytes(CpuTime cpu) throws Exception {
        cpu.ops++;
        return run(new Filter[0], trivialHandler, "/api/fixed");
    }

    @Benchmark
    public MockHttpServletResponse cachedContent(CpuTime cpu) throws Exception {
        cpu.ops++;
        return run(cachedChain, contentHandler, CONTENT_PATH);
    }

    @Benchmark
    public MockHttpServletResponse uncachedContentCompressed(CpuTime cpu) throws Exception {
        cpu.ops++;
        return run(uncachedChain, contentHandler, CONTENT_PATH);
    }

    /**
     * CPU time and bytes allocated by the benchmark thread per operation, printed after every
     * iteration: on a machine shared with other work, wall-clock throughput swings with the load, CPU
     * time per request much less, and the bytes the thread allocates not at all ({@code -prof gc}
     * divides the allocation of every thread, background ones included, by the operations, which
     * inflates it when a loaded machine runs few of them).
     */
    @State(Scope.Thread)
    public static class CpuTime {

        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        long ops;
        private long startNanos;
        private long startBytes;

        @Setup(Level.Iteration)
        public void start() {
            ops = 0;
            startNanos = THREADS.getCurrentThreadCpuTime();
            startBytes = allocatedBytes();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            long nanos = THREADS.getCurrentThreadCpuTime() - startNanos;
            long bytes = allocatedBytes() - startBytes;
            System.out.printf(" [cpu %.2f us/op, thread %.0f B/op over %d ops]", nanos / 1000.0 / Math.max(1, ops),
                    bytes / (double) Math.max(1, ops), ops);
        }

        private static long allocatedBytes() {
            return THREADS instanceof com.sun.management.ThreadMXBean hotspot
                    ? hotspot.getCurrentThreadAllocatedBytes() : 0;
        }
    }

    private MockHttpServletResponse run(Filter[] filters, HttpServlet handler, String path) throws Exception {
        return run(filters, handler, path, null, null);
    }

    private MockHttpServletResponse run(Filter[] filters, HttpServlet handler, String path, String parameter,
            String value) throws Exception {
        requests.incrementAndGet();
        MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", path);
        if (parameter != null) {
            request.setQueryString(parameter + "=" + value);
            request.addParameter(parameter, value);
        }
        request.setRemoteAddr("198.51.100.7");
        request.addHeader("Authorization", "Bearer benchmark-user-token");
        request.addHeader("Accept-Encoding", "br, gzip");
        MockHttpServletResponse response = new BulkResponse();
        new MockFilterChain(handler, filters).doFilter(request, response);
        return response;
    }

    /** A mock response whose output stream copies arrays in one go. */
    private static final class BulkResponse extends MockHttpServletResponse {

        private final ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        private final ServletOutputStream stream = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                body.write(b, off, len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }

        @Override
        public byte[] getContentAsByteArray() {
            return body.toByteArray();
        }
    }

    private static String json(int size) {
        StringBuilder body = new StringBuilder("{\"businessId\":1,\"contentType\":\"daily_horoscope\",\"body\":\"");
        int i = 0;
        while (body.length() < size) {
            body.append("The Moon in sign ").append(i % 12).append(" trines your natal Venus; Mercury ")
                    .append(i % 3 == 0 ? "turns retrograde" : "moves direct").append(". ");
            i++;
        }
        return body.append("\",\"fromCache\":false}").toString();
    }
}
