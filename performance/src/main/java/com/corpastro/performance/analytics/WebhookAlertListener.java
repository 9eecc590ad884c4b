package com.corpastro.performance.analytics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs every alert as JSON to a webhook ({@code CORP_ASTRO_ALERT_WEBHOOK_URL}), off the
 * evaluating thread. A delivery that fails (an I/O error, a timeout, a 5xx or 429) is retried up
 * to the configured attempts with doubling backoff; a 2xx or another 4xx ends it. Each alert is
 * delivered at most once by this node (its id is remembered) and carries its id as
 * {@code Idempotency-Key}, so a receiver can drop a retry whose first attempt did arrive.
 */
final class WebhookAlertListener implements AlertListener {

    private static final Logger log = LoggerFactory.getLogger(WebhookAlertListener.class);
    private static final int REMEMBERED = 10_000;

    private final URI url;
    private final HttpClient client;
    private final JsonMapper json;
    private final ScheduledExecutorService executor;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();

    WebhookAlertListener(URI url, JsonMapper json, ScheduledExecutorService executor, int attempts, Duration backoff,
            Duration timeout) {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("corp-astro.analytics.alert-webhook-url must be an http(s) URL, was '"
                    + url + "'");
        }
        this.url = url;
        this.json = json;
        this.executor = executor;
        this.attempts = attempts;
        this.backoff = backoff;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void onAlert(Alert alert) {
        if (delivered.size() >= REMEMBERED) {
            delivered.clear();
        }
        if (!delivered.add(alert.id())) {
            return;
        }
        byte[] body = json.writeValueAsBytes(alert);
        executor.execute(() -> deliver(alert, body, 1));
    }

    private void deliver(Alert alert, byte[] body, int attempt) {
        String outcome;
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json").header("Idempotency-Key", alert.id())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status < 300 || (status < 500 && status != 429)) {
                log.info("event=alert_webhook_delivered id={} status={} attempt={}", alert.id(), status, attempt);
                return;
            }
            outcome = "status " + status;
        } catch (java.io.IOException e) {
            outcome = e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt >= attempts) {
            log.warn("event=alert_webhook_failed id={} attempts={} last=\"{}\"", alert.id(), attempt, outcome);
            return;
        }
        long delay = backoff.toMillis() << Math.min(attempt - 1, 16);
        log.info("event=alert_webhook_retry id={} attempt={} last=\"{}\" delay_ms={}", alert.id(), attempt, outcome,
                delay);
        executor.schedule(() -> deliver(alert, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }
}
