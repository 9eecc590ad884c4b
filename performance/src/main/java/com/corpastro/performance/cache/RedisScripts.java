package com.corpastro.performance.cache;

/** The Lua scripts of {@link RedisTier}: each runs atomically on the server, in one round trip. */
final class RedisScripts {

    /** Writes {@code ARGV[2]} with TTL {@code ARGV[3]} only if the key still holds what the loader saw: nothing, or bytes with SHA-1 {@code ARGV[1]}. */
    static final String WRITE_IF_UNCHANGED = """
            local current = redis.call('GET', KEYS[1])
            if current then
              if ARGV[1] == '' or redis.sha1hex(current) ~= ARGV[1] then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1""";

    /**
     * {@link #WRITE_IF_UNCHANGED} on {@code KEYS[1]}, then lets go of the lease {@code KEYS[2]} if it still
     * holds the token {@code ARGV[4]}; 1 when written.
     */
    static final String WRITE_AND_UNLOCK = """
            local current = redis.call('GET', KEYS[1])
            local written = 0
            if not current or (ARGV[1] ~= '' and redis.sha1hex(current) == ARGV[1]) then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              written = 1
            end
            if redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
            return written""";

    /**
     * The value {@code KEYS[1]}, or else the lease {@code KEYS[2]} on loading it ({@code SET NX PX} of token
     * {@code ARGV[1]} for {@code ARGV[2]} ms): {@code {value}}, or {@code {1}} leased, {@code {0}} held elsewhere.
     */
    static final String GET_OR_LEASE = """
            local current = redis.call('GET', KEYS[1])
            if current then return {current} end
            if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1} end
            return {0}""";

    /** Moves an entity's generation and tells the other nodes, atomically so messages arrive in generation order. */
    static final String INVALIDATE = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('PUBLISH', ARGV[3], ARGV[4])
            return 1""";

    static final String UNLOCK = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private RedisScripts() {
    }
}
