/**
 * Real-time events over Server-Sent Events and WebSocket, across nodes.
 *
 * <ul>
 * <li>{@link com.corpastro.performance.realtime.EventHub}: raises an event (serialised once), sends
 * it to the other nodes over Redis pub/sub (one subscription per node) and fans the same bytes out
 * to this node's subscribers of its topic; keeps the last events per topic for
 * {@code Last-Event-ID} resume; coalesces bursts.</li>
 * <li>{@link com.corpastro.performance.realtime.SseStreams}: opens an SSE stream for a topic, for
 * the application's own controllers (which decide who may read it).</li>
 * <li>{@link com.corpastro.performance.realtime.RealtimeAccess}: the application's rules for the
 * WebSocket endpoint (who a token belongs to, which topic a subscription names).</li>
 * <li>Bounded send queues per connection (metrics and heartbeats dropped first, slow consumers
 * closed), connection limits per node and per user, heartbeats, a drain on shutdown, Micrometer
 * meters ({@code corp_astro_realtime_*}).</li>
 * </ul>
 *
 * <p>Configured by {@link com.corpastro.performance.realtime.RealtimeProperties}
 * ({@code corp-astro.realtime.*}).
 */
package com.corpastro.performance.realtime;
