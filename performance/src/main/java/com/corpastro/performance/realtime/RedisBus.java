package com.corpastro.performance.realtime;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.logging.UrlCredentials;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * The bus between nodes over Redis pub/sub: one subscription per node on one channel, one message
 * per event (origin node, topic, id, type, raise time, then the event's JSON, which the receiving
 * node turns into one {@link RealtimeEvent} for all its subscribers). A node ignores its own
 * messages (it fanned them out when it raised them). Lettuce reconnects and subscribes again on
 * its own; events raised while Redis is away reach this node's subscribers only.
 */
final class RedisBus implements EventBus {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final EventHub hub;
    private final String channel;
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> subscription;
    private final StatefulRedisConnection<String, String> publisher;

    RedisBus(EventHub hub, String url, String channel) {
        this.hub = hub;
        this.channel = channel;
        try {
            this.client = RedisClient.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the real-time bus's Redis URL is not valid, was '"
                    + UrlCredentials.redact(url) + "'");
        }
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(2)).build()).build());
        this.subscription = client.connectPubSub();
        subscription.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                if (channel.equals(from)) {
                    onMessage(message);
                }
            }
        });
        subscription.sync().subscribe(channel);
        this.publisher = client.connect();
        log.info("event=realtime_bus redis={} channel={}", UrlCredentials.redact(url), channel);
    }

    @Override
    public void send(RealtimeEvent event) {
        String message = hub.nodeTag() + '\n' + event.topic() + '\n' + event.id() + '\n' + event.type() + '\n'
                + event.at().toEpochMilli() + '\n' + event.json();
        publisher.async().publish(channel, message).exceptionally(failure -> {
            log.warn("event=realtime_bus_send_failed id={} error=\"{}\"", event.id(), failure.toString());
            return 0L;
        });
    }

    @Override
    public String name() {
        return "redis";
    }

    /** Parses a bus message; another node's event goes to the hub. */
    void onMessage(String message) {
        String[] parts = message.split("\n", 6);
        if (parts.length != 6) {
            log.warn("event=realtime_bus_bad_message length={}", message.length());
            return;
        }
        if (parts[0].equals(hub.nodeTag())) {
            return;
        }
        hub.received(new RealtimeEvent(parts[2], parts[3], parts[1], Instant.ofEpochMilli(Long.parseLong(parts[4])),
                parts[5], false));
    }

    @Override
    public void close() {
        try {
            subscription.close();
            publisher.close();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
