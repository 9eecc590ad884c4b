package com.corpastro.backend.content;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The external content generator, under {@code corp-astro.content.generator}: an
 * OpenAI-compatible chat completions service that writes content text instead of the built-in
 * generator when {@link #getUrl() url} is set. Every call has a timeout, is retried with backoff
 * on 5xx answers, timeouts and connection failures, and passes a circuit breaker; whenever the
 * call fails or the circuit is open the built-in generator writes the text.
 *
 * <p>Logs and error messages show the URL as {@link #redactedUrl()} gives it, never with its
 * credentials, and never the API key.
 */
@ConfigurationProperties("corp-astro.content.generator")
public class ContentGeneratorProperties {

    /** Whatever stands between {@code //} and the last {@code @} of a URL that does not parse. */
    private static final Pattern UNPARSED_USER_INFO = Pattern.compile("//.*@");

    /**
     * Base URL of the OpenAI-compatible service (without {@code /v1/chat/completions}), e.g.
     * {@code https://api.openai.com}; empty turns external generation off.
     */
    private String url = "";

    /** The model named in each request. */
    private String model = "gpt-4o-mini";

    /** Sent as {@code Authorization: Bearer <api-key>} when not empty; never logged. */
    private String apiKey = "";

    /** Longest wait for one complete answer of the service, per attempt. */
    private Duration timeout = Duration.ofSeconds(10);

    /**
     * Longest answer read from the service; a longer one is cut off as it arrives and counts as a
     * failed call (not retried: the built-in generator writes the text).
     */
    private DataSize maxAnswerSize = DataSize.ofKilobytes(256);

    /** Attempts per generation, the first included; 1 means no retry. */
    private int retryAttempts = 3;

    /** Pause before the first retry; each later pause doubles. */
    private Duration retryBackoff = Duration.ofMillis(200);

    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    /** Whether a URL is configured. */
    public boolean isEnabled() {
        return !url.isBlank();
    }

    public String getUrl() {
        return url;
    }

    /**
     * The URL as logs may show it: {@code user:password@} and any query replaced by {@code ***},
     * e.g. {@code https://***@llm.example.com/base?***}.
     */
    public String redactedUrl() {
        return redact(url);
    }

    static String redact(String url) {
        if (url == null || url.isEmpty()) {
            return "";
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            // Not a URL this class accepts: hide everything that could be user information or a query.
            int query = url.indexOf('?');
            String withoutQuery = query < 0 ? url : url.substring(0, query) + "?***";
            return UNPARSED_USER_INFO.matcher(withoutQuery).replaceFirst("//***@");
        }
        StringBuilder shown = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            shown.append("***@");
        }
        shown.append(uri.getHost());
        if (uri.getPort() >= 0) {
            shown.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            shown.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            shown.append("?***");
        }
        return shown.toString();
    }

    public void setUrl(String url) {
        String value = url == null ? "" : url.trim();
        if (!value.isEmpty()) {
            URI uri;
            try {
                uri = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("corp-astro.content.generator.url must be an http(s) URL, was '"
                        + redact(value) + "'", e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("corp-astro.content.generator.url must be an http(s) URL, was '"
                        + redact(value) + "'");
            }
        }
        this.url = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("corp-astro.content.generator.model must not be blank, was '" + model
                    + "'");
        }
        this.model = model.trim();
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey == null ? "" : apiKey.trim();
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        requirePositive("timeout", timeout);
        this.timeout = timeout;
    }

    public DataSize getMaxAnswerSize() {
        return maxAnswerSize;
    }

    public void setMaxAnswerSize(DataSize maxAnswerSize) {
        if (maxAnswerSize == null || maxAnswerSize.toBytes() < 1024 || maxAnswerSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "corp-astro.content.generator.max-answer-size must be between 1KB and 2GB, was " + maxAnswerSize);
        }
        this.maxAnswerSize = maxAnswerSize;
    }

    public int getRetryAttempts() {
        return retryAttempts;
    }

    public void setRetryAttempts(int retryAttempts) {
        if (retryAttempts < 1 || retryAttempts > 10) {
            throw new IllegalArgumentException(
                    "corp-astro.content.generator.retry-attempts must be between 1 and 10, was " + retryAttempts);
        }
        this.retryAttempts = retryAttempts;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        requirePositive("retry-backoff", retryBackoff);
        this.retryBackoff = retryBackoff;
    }

    public CircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    /** The circuit breaker around the calls, under {@code corp-astro.content.generator.circuit-breaker}. */
    public static class CircuitBreaker {

        /** How many of the most recent calls (attempts, retries included) the failure rate is computed over. */
        private int window = 20;

        /** Failure rate, in percent of the window, at or above which the circuit opens. */
        private float failureRateThreshold = 50;

        /** How long the circuit stays open (built-in text only) before trial calls are let through. */
        private Duration waitInOpen = Duration.ofSeconds(30);

        /** Trial calls let through after the wait; all must succeed for the circuit to close. */
        private int halfOpenCalls = 2;

        public int getWindow() {
            return window;
        }

        public void setWindow(int window) {
            if (window < 1) {
                throw new IllegalArgumentException(
                        "corp-astro.content.generator.circuit-breaker.window must be >= 1, was " + window);
            }
            this.window = window;
        }

        public float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(float failureRateThreshold) {
            if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
                throw new IllegalArgumentException(
                        "corp-astro.content.generator.circuit-breaker.failure-rate-threshold must be in (0, 100], was "
                                + failureRateThreshold);
            }
            this.failureRateThreshold = failureRateThreshold;
        }

        public Duration getWaitInOpen() {
            return waitInOpen;
        }

        public void setWaitInOpen(Duration waitInOpen) {
            requirePositive("circuit-breaker.wait-in-open", waitInOpen);
            this.waitInOpen = waitInOpen;
        }

        public int getHalfOpenCalls() {
            return halfOpenCalls;
        }

        public void setHalfOpenCalls(int halfOpenCalls) {
            if (halfOpenCalls < 1) {
                throw new IllegalArgumentException(
                        "corp-astro.content.generator.circuit-breaker.half-open-calls must be >= 1, was "
                                + halfOpenCalls);
            }
            this.halfOpenCalls = halfOpenCalls;
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("corp-astro.content.generator." + name + " must be > 0, was " + value);
        }
    }
}
