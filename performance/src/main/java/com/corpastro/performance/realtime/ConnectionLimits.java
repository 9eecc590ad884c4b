package com.corpastro.performance.realtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Open connections per node and per principal; a connection is admitted only under both limits. */
final class ConnectionLimits {

    private final int perNode;
    private final int perUser;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> byUser = new ConcurrentHashMap<>();

    ConnectionLimits(int perNode, int perUser) {
        this.perNode = perNode;
        this.perUser = perUser;
    }

    /** Takes a slot for {@code key}; the reason when refused ({@code node} or {@code user}), else null. */
    String acquire(String key) {
        if (open.incrementAndGet() > perNode) {
            open.decrementAndGet();
            return "node";
        }
        AtomicInteger mine = byUser.computeIfAbsent(key, k -> new AtomicInteger());
        if (mine.incrementAndGet() > perUser) {
            mine.decrementAndGet();
            open.decrementAndGet();
            return "user";
        }
        return null;
    }

    void release(String key) {
        open.decrementAndGet();
        byUser.computeIfPresent(key, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    int open() {
        return open.get();
    }
}
