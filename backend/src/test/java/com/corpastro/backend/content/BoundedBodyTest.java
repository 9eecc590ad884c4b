package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    @Test
    void aBodyWithinTheLimitIsReadAsUtf8() throws Exception {
        BoundedBody body = new BoundedBody(8, -1);
        Subscription subscription = new Subscription();

        body.onSubscribe(subscription);
        body.onNext(List.of(bytes("héllo")));
        body.onComplete();

        assertThat(body.getBody().toCompletableFuture().get()).isEqualTo("héllo");
        assertThat(subscription.cancelled).isFalse();
    }

    @Test
    void aBodyGrowingPastTheLimitIsCancelledAtTheChunkThatCrossesIt() {
        BoundedBody body = new BoundedBody(10, -1);
        Subscription subscription = new Subscription();
        body.onSubscribe(subscription);

        body.onNext(List.of(bytes("12345678")));
        assertThat(subscription.cancelled).isFalse();
        body.onNext(List.of(bytes("9ab")));

        assertThat(subscription.cancelled).isTrue();
        // One chunk at a time: after the crossing chunk no more are asked for.
        assertThat(subscription.requested).isEqualTo(2);
        assertThatThrownBy(() -> body.getBody().toCompletableFuture().get()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BoundedBody.TooLargeException.class)
                .hasMessage("answer larger than the limit of 10 bytes: more than 10 bytes received");
    }

    @Test
    void aBodyDeclaredLongerThanTheLimitIsRefusedBeforeAnyOfItIsRead() {
        BoundedBody body = new BoundedBody(10, 11);
        Subscription subscription = new Subscription();

        body.onSubscribe(subscription);

        assertThat(subscription.cancelled).isTrue();
        assertThat(subscription.requested).isZero();
        assertThatThrownBy(() -> body.getBody().toCompletableFuture().get())
                .cause().isInstanceOf(BoundedBody.TooLargeException.class).hasMessageContaining("11 bytes declared");
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
        BoundedBody body = new BoundedBody(4, 4);
        body.onSubscribe(new Subscription());
        body.onNext(List.of(bytes("ab"), bytes("cd")));
        body.onComplete();

        assertThat(body.getBody().toCompletableFuture().get()).isEqualTo("abcd");
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final class Subscription implements Flow.Subscription {

        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
