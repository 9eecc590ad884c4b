package com.corpastro.performance.memory;

import java.util.Map;
import java.util.function.Supplier;

import org.springframework.http.HttpStatus;

import com.corpastro.performance.error.AppError;

/**
 * The guard the application puts around expensive work it can refuse, such as content
 * generation: while {@link MemoryManager#isSheddingLoad()} it throws an {@link AppError} 503
 * {@code overloaded} with {@code Retry-After}, which the problem handler turns into
 * problem+json. Reads served from cache do not call it and keep working.
 *
 * <pre>{@code
 * Content content = cache.getOrSet(key, Content.class, ttl, tags,
 *         () -> loadShedding.call(() -> generator.generate(request)));
 * }</pre>
 */
public final class LoadShedding {

    private final MemoryManager memoryManager;

    public LoadShedding(MemoryManager memoryManager) {
        this.memoryManager = memoryManager;
    }

    /** Returns normally unless load is being shed. */
    public void check() {
        if (memoryManager.isSheddingLoad()) {
            throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
                    "The server is low on memory and cannot generate content right now; try again later.",
                    Map.of("Retry-After", Long.toString(memoryManager.retryAfter().toSeconds())));
        }
    }

    /** Runs {@code work} after {@link #check()}. */
    public <T> T call(Supplier<T> work) {
        check();
        return work.get();
    }

    public boolean isSheddingLoad() {
        return memoryManager.isSheddingLoad();
    }
}
