package com.corpastro.performance.scaling;

import java.time.Duration;

/**
 * Published (as a Spring application event) when the node starts to drain on SIGTERM: readiness
 * already refuses traffic and the node serves for {@code delay} more before graceful shutdown.
 * Long-lived connections (WebSocket, server-sent events) should tell their clients to reconnect
 * elsewhere now:
 *
 * <pre>{@code
 * @EventListener
 * void onDrain(DrainStarted drain) {
 *     emitters.forEach(emitter -> emitter.send(SseEmitter.event().name("reconnect")));
 * }
 * }</pre>
 *
 * @param delay how long the node keeps serving
 */
public record DrainStarted(Duration delay) {
}
