package com.corpastro.backend.content;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body of at most {@code limit} bytes, as UTF-8 text. A body declared longer
 * ({@code Content-Length}) is refused before any of it is read; one that grows past the limit is
 * cancelled at the chunk that crosses it, so at most {@code limit} bytes plus one chunk are ever
 * held. Either way the body fails with {@link TooLargeException}. Buffers are requested one chunk
 * at a time, so nothing arrives after the cancel.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<String> {

    /** The answer is longer than the limit. */
    static final class TooLargeException extends RuntimeException {

        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    private final long limit;
    private final long declaredLength;
    private final CompletableFuture<String> body = new CompletableFuture<>();
    private final List<ByteBuffer> received = new ArrayList<>();
    private long size;
    private Flow.Subscription subscription;

    /**
     * @param limit          the most bytes accepted
     * @param declaredLength the {@code Content-Length}, or a negative value when there is none
     */
    BoundedBody(long limit, long declaredLength) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        this.limit = limit;
        this.declaredLength = declaredLength;
    }

    /** The body of the response {@code info} announces, at most {@code limit} bytes. */
    static BoundedBody of(long limit, HttpResponse.ResponseInfo info) {
        return new BoundedBody(limit, info.headers().firstValueAsLong("Content-Length").orElse(-1));
    }

    @Override
    public CompletionStage<String> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredLength > limit) {
            refuse(declaredLength + " bytes declared");
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
            if (size > limit) {
                refuse("more than " + limit + " bytes received");
                return;
            }
            received.add(buffer);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        received.clear();
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        byte[] bytes = new byte[(int) size];
        int offset = 0;
        for (ByteBuffer buffer : received) {
            int length = buffer.remaining();
            buffer.get(bytes, offset, length);
            offset += length;
        }
        received.clear();
        body.complete(new String(bytes, StandardCharsets.UTF_8));
    }

    private void refuse(String reason) {
        subscription.cancel();
        received.clear();
        body.completeExceptionally(new TooLargeException("answer larger than the limit of " + limit + " bytes: "
                + reason));
    }
}
