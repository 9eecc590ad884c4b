package com.corpastro.performance.http;

/**
 * Receives the timing of every request, by route template. The application bridges it to its
 * monitor, e.g.:
 *
 * <pre>{@code
 * @Bean
 * ResponseTimeListener monitorBridge(PerformanceMonitor monitor) {
 *     return t -> monitor.recordResponseTime(t.route(), t.method(), t.status(), t.duration().toMillis());
 * }
 * }</pre>
 *
 * Called on the request thread after the response is written; implementations must be quick
 * and thread-safe and should not throw (an exception is logged and ignored).
 */
@FunctionalInterface
public interface ResponseTimeListener {

    void onResponse(ResponseTiming timing);
}
