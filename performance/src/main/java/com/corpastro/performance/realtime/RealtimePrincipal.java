package com.corpastro.performance.realtime;

import java.util.Objects;

/**
 * Who holds a real-time connection, as the application's {@link RealtimeAccess} names it.
 *
 * @param key   the per-user connection limit's key, e.g. {@code user:42} or {@code admin}
 * @param admin whether the admin stream is open to it
 * @param details what the application needs to authorise subscriptions later (its own caller type), may be null
 */
public record RealtimePrincipal(String key, boolean admin, Object details) {

    public RealtimePrincipal {
        Objects.requireNonNull(key, "key");
    }
}
