package com.corpastro.performance.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.logging.UrlCredentials;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

/**
 * The Redis level of a {@link TieredCacheManager}: values, generation counters, lease locks and
 * the invalidation channel, through Lettuce (a single server or a Redis Cluster).
 *
 * <p>Every command waits at most the command timeout and passes a Resilience4j circuit breaker
 * (by default {@code redis}, possibly shared with the rate limiter). When the breaker opens (its
 * failure rate reached, or the connection lost, which opens it at once) the tier is unavailable
 * (one log line) and the cache goes on L1-only without waiting for Redis; a background probe is
 * the trial call (it reconnects or PINGs once the breaker lets it), and once the breaker is closed
 * again it asks the cache to resynchronize (flush L1, replay invalidations it could not send)
 * before L2 is used. A failed write while the breaker stays closed has its invalidations replayed
 * shortly after. Nothing here throws to the caller.
 */
final class RedisTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTier.class);
    private static final HexFormat HEX = HexFormat.of();

    /** What the tier tells its cache. */
    interface Events {

        void keyChanged(String key, long sentAtMillis);

        void entityInvalidated(EntityTag tag, long generation, long sentAtMillis);

        /** The tier may have missed messages: drop everything learned from Redis. Called before it is available again. */
        void flush(String reason);

        /** The tier is available again: send what could not be sent. */
        void replayUnsent();
    }

    private final String cacheName;
    private final String nodeId = UUID.randomUUID().toString().substring(0, 8);
    private final RedisKeys keys;
    private final byte[] channel;
    private final Duration timeout;
    private final long timeoutNanos;
    private final Events events;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final boolean cluster;
    private final List<RedisURI> uris;
    private final ScheduledExecutorService probe;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicBoolean subscribedOnce = new AtomicBoolean();
    private final AtomicBoolean replayScheduled = new AtomicBoolean();
    private final CircuitBreaker breaker;
    private final LongAdder errors = new LongAdder();
    private final LongAdder sent = new LongAdder();

    private volatile boolean available;
    private volatile boolean closed;
    private volatile StatefulConnection<byte[], byte[]> connection;
    private volatile RedisClusterAsyncCommands<byte[], byte[]> commands;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubSub;

    RedisTier(String cacheName, List<String> urls, boolean cluster, String namespace, Duration timeout,
            CircuitBreaker breaker, Events events) {
        this.cacheName = cacheName;
        this.breaker = breaker;
        this.uris = urls.stream().map(RedisTier::uri).toList();
        this.cluster = cluster;
        this.keys = new RedisKeys(namespace);
        this.channel = keys.channel();
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.events = events;
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        SocketOptions socket = SocketOptions.builder()
                .connectTimeout(Duration.ofMillis(Math.max(500, timeout.toMillis() * 10)))
                .build();
        if (cluster) {
            RedisClusterClient clusterClient = RedisClusterClient.create(resources, this.uris);
            clusterClient.setOptions(ClusterClientOptions.builder()
                    .socketOptions(socket)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            this.client = clusterClient;
        } else {
            RedisClient redisClient = RedisClient.create(resources, this.uris.get(0));
            redisClient.setOptions(ClientOptions.builder()
                    .socketOptions(socket)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .build());
            this.client = redisClient;
        }
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "corp-astro-cache-" + cacheName + "-redis");
            thread.setDaemon(true);
            return thread;
        });
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (!closed && (handler == connection || handler == pubSub)) {
                    errors.increment();
                    // Messages may be lost while disconnected: no waiting for a failure rate.
                    if (breaker.getState() == CircuitBreaker.State.CLOSED) {
                        breaker.transitionToOpenState();
                    }
                    markUnavailable("connection to Redis lost");
                }
            }
        });
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State to = event.getStateTransition().getToState();
            if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
                markUnavailable("circuit breaker " + breaker.getName() + " opened");
            } else if (closedOrDisabled(to) && !available) {
                // Closed by another user of the breaker (the rate limiter): the probe resynchronizes now.
                startProbing();
            }
        });
        if (connect()) {
            available = true;
        } else {
            startProbing();
        }
    }

    String nodeId() {
        return nodeId;
    }

    boolean available() {
        return available;
    }

    long errors() {
        return errors.sum();
    }

    long sent() {
        return sent.sum();
    }

    /** The raw entry under {@code key}, or {@code null} when there is none or Redis failed. */
    byte[] get(String key) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return null;
        }
        return await(redis.get(keys.value(key)));
    }

    /** Each tag's generation in Redis (0 when it has none), or {@code null} when Redis failed. */
    long[] generations(EntityTag[] tags) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return null;
        }
        byte[][] generationKeys = new byte[tags.length][];
        for (int i = 0; i < tags.length; i++) {
            generationKeys[i] = keys.generation(tags[i]);
        }
        List<KeyValue<byte[], byte[]>> values = await(redis.mget(generationKeys));
        if (values == null) {
            return null;
        }
        long[] generations = new long[tags.length];
        for (int i = 0; i < tags.length; i++) {
            KeyValue<byte[], byte[]> value = values.get(i);
            generations[i] = value.hasValue() ? parseLong(value.getValue()) : 0;
        }
        return generations;
    }

    /** Writes a loaded value unless someone changed the key since the loader read {@code seen} (null: nothing). */
    void writeIfUnchanged(String key, byte[] seen, byte[] entry, long ttlMillis) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return;
        }
        byte[] expected = seen == null ? new byte[0] : sha1Hex(seen);
        await(redis.eval(RedisScripts.WRITE_IF_UNCHANGED, ScriptOutputType.INTEGER, new byte[][] {keys.value(key)},
                expected, entry, ascii(ttlMillis)));
    }

    /** Writes {@code entry} over whatever the key holds, telling no other node. */
    void write(String key, byte[] entry, long ttlMillis) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return;
        }
        await(redis.set(keys.value(key), entry, SetArgs.Builder.px(ttlMillis)));
    }

    /** Writes {@code entry} over whatever the key holds and tells the other nodes; false when Redis failed. */
    boolean writeAndPublish(String key, byte[] entry, long ttlMillis) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return false;
        }
        RedisFuture<String> write = redis.set(keys.value(key), entry, SetArgs.Builder.px(ttlMillis));
        RedisFuture<Long> publish = redis.publish(channel, keyMessage(key));
        if (await(write) == null || await(publish) == null) {
            return false;
        }
        sent.increment();
        return true;
    }

    /** Stores {@code generation} for {@code tag} and tells the other nodes; false when Redis failed. */
    boolean invalidate(EntityTag tag, long generation, long keepMillis) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return false;
        }
        Long done = await(redis.eval(RedisScripts.INVALIDATE, ScriptOutputType.INTEGER, new byte[][] {keys.generation(tag)},
                ascii(generation), ascii(keepMillis), channel, entityMessage(tag, generation)));
        if (done == null) {
            return false;
        }
        sent.increment();
        return true;
    }

    /** A lease on loading {@code key}: a token to unlock with, or {@code null} when another node holds it or Redis failed. */
    byte[] tryLock(String key, long leaseMillis) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return null;
        }
        byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        String ok = await(redis.set(keys.lock(key), token, SetArgs.Builder.nx().px(leaseMillis)));
        return ok == null ? null : token;
    }

    /** What {@link #getOrLease} found: the raw entry, or the lease's token; both {@code null} when another node holds it. */
    record Lease(byte[] value, byte[] token) {
    }

    /**
     * The raw entry under {@code key}, else the lease on loading it, in one round trip: what {@link #get}
     * then {@link #tryLock} do, atomically, so no value can land between them. {@code null} when Redis failed.
     */
    Lease getOrLease(String key, long leaseMillis) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return null;
        }
        byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        List<Object> answer = await(redis.eval(RedisScripts.GET_OR_LEASE, ScriptOutputType.MULTI,
                new byte[][] {keys.value(key), keys.lock(key)}, token, ascii(leaseMillis)));
        if (answer == null || answer.isEmpty()) {
            return null;
        }
        Object first = answer.get(0);
        return first instanceof byte[] value ? new Lease(value, null)
                : new Lease(null, Long.valueOf(1).equals(first) ? token : null);
    }

    /** {@link #writeIfUnchanged} and {@link #unlock} in one round trip (a value and its lease share a slot). */
    void writeAndUnlock(String key, byte[] seen, byte[] entry, long ttlMillis, byte[] token) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return;
        }
        byte[] expected = seen == null ? new byte[0] : sha1Hex(seen);
        await(redis.eval(RedisScripts.WRITE_AND_UNLOCK, ScriptOutputType.INTEGER, new byte[][] {keys.value(key), keys.lock(key)},
                expected, entry, ascii(ttlMillis), token));
    }

    void unlock(String key, byte[] token) {
        RedisClusterAsyncCommands<byte[], byte[]> redis = commands;
        if (!available || redis == null) {
            return;
        }
        redis.eval(RedisScripts.UNLOCK, ScriptOutputType.INTEGER, new byte[][] {keys.lock(key)}, token)
                .exceptionally(e -> {
                    errors.increment();
                    return null;
                });
    }

    /** Waits for {@code future} up to the command timeout; {@code null} when it failed, after marking the tier unavailable. */
    private <T> T await(RedisFuture<T> future) {
        long started = System.nanoTime();
        try {
            T result = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return null;
        } catch (Exception e) {
            future.cancel(true);
            failed(e, System.nanoTime() - started);
            return null;
        }
    }

    private void failed(Throwable error, long nanos) {
        errors.increment();
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        log.debug("cache={} l2=command_failed error=\"{}: {}\"", cacheName, cause.getClass().getSimpleName(),
                cause.getMessage());
        breaker.onError(nanos, TimeUnit.NANOSECONDS, cause);
        if (available && replayScheduled.compareAndSet(false, true)) {
            // Still closed: what this command failed to tell the other nodes goes out again shortly.
            try {
                probe.schedule(() -> {
                    replayScheduled.set(false);
                    if (available) {
                        events.replayUnsent();
                    }
                }, 100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                replayScheduled.set(false);
            }
        }
    }

    private void markUnavailable(String reason) {
        if (available) {
            available = false;
            log.warn("cache={} l2=unavailable mode=l1-only error=\"{}\"", cacheName, reason);
            startProbing();
        }
    }

    private void startProbing() {
        if (!closed && probing.compareAndSet(false, true)) {
            probe.schedule(this::probe, 100, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The trial call: while the breaker is not closed, a reconnect or PING whenever the breaker
     * lets one through; once it is closed (and Redis answers), L1 is flushed and L2 used again.
     */
    private void probe() {
        if (closed) {
            return;
        }
        boolean trial = !closedOrDisabled(breaker.getState());
        if (trial && !breaker.tryAcquirePermission()) {
            probe.schedule(this::probe, 200, TimeUnit.MILLISECONDS);
            return;
        }
        long started = System.nanoTime();
        boolean up = connection == null ? connect() : ping();
        if (trial) {
            if (up) {
                breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS,
                        new IllegalStateException("Redis did not answer the probe"));
            }
        }
        if (up && closedOrDisabled(breaker.getState())) {
            events.flush("redis reconnected");
            available = true;
            probing.set(false);
            log.info("cache={} l2=available circuit={}", cacheName, breaker.getName());
            events.replayUnsent();
        } else {
            // A successful trial with more trials to go comes back at once.
            probe.schedule(this::probe, up ? 10 : 200, TimeUnit.MILLISECONDS);
        }
    }

    /** A disabled breaker never opens: then only a lost connection makes the cache L1-only. */
    private static boolean closedOrDisabled(CircuitBreaker.State state) {
        return state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED;
    }

    /** The breaker of a tier built without one: {@code redis}, 10 commands, 50%, 1 s open, 1 trial. */
    static CircuitBreaker defaultCircuitBreaker(String cacheName) {
        return CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    CircuitBreaker circuitBreaker() {
        return breaker;
    }

    private boolean ping() {
        try {
            commands.ping().get(Math.max(timeoutNanos, TimeUnit.MILLISECONDS.toNanos(500)), TimeUnit.NANOSECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Opens the connections; the caller marks the tier available (after flushing L1 when it was down). */
    private synchronized boolean connect() {
        if (closed) {
            return false;
        }
        StatefulConnection<byte[], byte[]> newConnection = null;
        try {
            StatefulRedisPubSubConnection<byte[], byte[]> newPubSub;
            if (cluster) {
                RedisClusterClient clusterClient = (RedisClusterClient) client;
                StatefulRedisClusterConnection<byte[], byte[]> c = clusterClient.connect(ByteArrayCodec.INSTANCE);
                newConnection = c;
                commands = c.async();
                newPubSub = clusterClient.connectPubSub(ByteArrayCodec.INSTANCE);
            } else {
                RedisClient redisClient = (RedisClient) client;
                StatefulRedisConnection<byte[], byte[]> c = redisClient.connect(ByteArrayCodec.INSTANCE);
                newConnection = c;
                commands = c.async();
                newPubSub = redisClient.connectPubSub(ByteArrayCodec.INSTANCE);
            }
            newConnection.setTimeout(timeout);
            newPubSub.addListener(new Listener());
            newPubSub.sync().subscribe(channel);
            connection = newConnection;
            pubSub = newPubSub;
            log.info("cache={} l2=connected redis={} cluster={}", cacheName, UrlCredentials.redact(uris), cluster);
            return true;
        } catch (RuntimeException e) {
            if (newConnection != null) {
                newConnection.closeAsync();
            }
            commands = null;
            errors.increment();
            if (!probing.get()) {
                log.warn("cache={} l2=unavailable mode=l1-only redis={} error=\"{}\"", cacheName,
                        UrlCredentials.redact(uris), e.getMessage());
            }
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        probe.shutdownNow();
        StatefulRedisPubSubConnection<byte[], byte[]> sub = pubSub;
        if (sub != null) {
            sub.close();
        }
        StatefulConnection<byte[], byte[]> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    // Messages: "K|<node>|<sent millis>|<key>" and "E|<node>|<sent millis>|<generation>|<type length>|<type><id>".

    private byte[] keyMessage(String key) {
        return ("K|" + nodeId + "|" + System.currentTimeMillis() + "|" + key).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] entityMessage(EntityTag tag, long generation) {
        return ("E|" + nodeId + "|" + System.currentTimeMillis() + "|" + generation + "|" + tag.type().length() + "|"
                + tag.type() + tag.id()).getBytes(StandardCharsets.UTF_8);
    }

    private void receive(String message) {
        int nodeEnd = message.indexOf('|', 2);
        int sentEnd = nodeEnd < 0 ? -1 : message.indexOf('|', nodeEnd + 1);
        if (sentEnd < 0 || nodeId.equals(message.substring(2, nodeEnd))) {
            return;
        }
        long sentAt = Long.parseLong(message, nodeEnd + 1, sentEnd, 10);
        if (message.charAt(0) == 'K') {
            events.keyChanged(message.substring(sentEnd + 1), sentAt);
        } else if (message.charAt(0) == 'E') {
            int generationEnd = message.indexOf('|', sentEnd + 1);
            int lengthEnd = message.indexOf('|', generationEnd + 1);
            long generation = Long.parseLong(message, sentEnd + 1, generationEnd, 10);
            int typeLength = Integer.parseInt(message, generationEnd + 1, lengthEnd, 10);
            String type = message.substring(lengthEnd + 1, lengthEnd + 1 + typeLength);
            String id = message.substring(lengthEnd + 1 + typeLength);
            events.entityInvalidated(new EntityTag(type, id), generation, sentAt);
        }
    }

    private final class Listener extends RedisPubSubAdapter<byte[], byte[]> {

        @Override
        public void message(byte[] channel, byte[] message) {
            try {
                receive(new String(message, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                log.warn("cache={} l2=bad-message error=\"{}\"", cacheName, e.toString());
            }
        }

        @Override
        public void subscribed(byte[] channel, long count) {
            if (subscribedOnce.getAndSet(true)) {
                events.flush("invalidation channel resubscribed");
                events.replayUnsent();
            }
        }
    }

    private static RedisURI uri(String url) {
        try {
            return RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("redis url is not valid, was '" + UrlCredentials.redact(url) + "': "
                    + UrlCredentials.redact(e.getMessage()));
        }
    }

    private static long parseLong(byte[] ascii) {
        return Long.parseLong(new String(ascii, StandardCharsets.US_ASCII));
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] sha1Hex(byte[] bytes) {
        try {
            return HEX.formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
