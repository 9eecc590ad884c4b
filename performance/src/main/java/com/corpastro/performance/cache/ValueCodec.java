package com.corpastro.performance.cache;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonFormat;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.dataformat.smile.SmileMapper;

/**
 * The versioned binary form of an L2 entry.
 *
 * <pre>
 * 0xCA, format 1, kind ('V' object, 'S' string, 'N' not found, 'T' tombstone), write id (8),
 * expires-at epoch millis (8), tag count (2), per tag: type, id (2-byte length + UTF-8) and
 * generation (8); for 'V': class name (2 + UTF-8), class fingerprint (4), Smile payload;
 * for 'S': the UTF-8 text.
 * </pre>
 *
 * Anything else (another magic byte or format, a class that no longer exists or whose fields
 * changed, a payload Jackson cannot read) decodes as {@link Decoded#UNREADABLE}: a miss that the
 * next load overwrites.
 */
final class ValueCodec {

    static final byte MAGIC = (byte) 0xCA;
    static final byte FORMAT = 1;
    static final byte OBJECT = 'V';
    static final byte STRING = 'S';
    static final byte NOT_FOUND = 'N';
    static final byte TOMBSTONE = 'T';

    /**
     * {@code Instant}s as numbers (seconds.nanos): parsing their ISO strings with {@code DateTimeFormatter}
     * was a sixth of an L2 hit's CPU time. Other date types stay ISO strings, so an {@code OffsetDateTime}
     * keeps its offset, which reading no longer moves to UTC either. Either form of an {@code Instant}
     * reads back, so entries written before the change still decode.
     */
    private final ObjectMapper mapper = SmileMapper.builder()
            .withConfigOverride(Instant.class, o -> o.setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.NUMBER)))
            .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();
    private final ClassLoader classLoader;
    private final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final ClassValue<Integer> fingerprints = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> type) {
            return fingerprint(type);
        }
    };

    ValueCodec(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** A decoded entry: {@code value} is {@link TieredCacheManager#NOT_FOUND} for a cached "not found". */
    record Decoded(boolean readable, byte kind, long expiresAtMillis, EntityTag[] tags, long[] generations,
            Object value, int size) {

        static final Decoded UNREADABLE = new Decoded(false, (byte) 0, 0, new EntityTag[0], new long[0], null, 0);
    }

    byte[] encode(Object value, EntityTag[] tags, long[] generations, long writeId, long expiresAtMillis) {
        byte kind;
        byte[] className = null;
        byte[] payload;
        if (value == TieredCacheManager.NOT_FOUND) {
            kind = NOT_FOUND;
            payload = new byte[0];
        } else if (value instanceof String text) {
            kind = STRING;
            payload = text.getBytes(StandardCharsets.UTF_8);
        } else {
            kind = OBJECT;
            className = value.getClass().getName().getBytes(StandardCharsets.UTF_8);
            payload = mapper.writeValueAsBytes(value);
        }
        byte[][] tagBytes = new byte[tags.length * 2][];
        int size = 3 + 8 + 8 + 2 + payload.length;
        for (int i = 0; i < tags.length; i++) {
            tagBytes[2 * i] = tags[i].type().getBytes(StandardCharsets.UTF_8);
            tagBytes[2 * i + 1] = tags[i].id().getBytes(StandardCharsets.UTF_8);
            size += 2 + tagBytes[2 * i].length + 2 + tagBytes[2 * i + 1].length + 8;
        }
        if (className != null) {
            size += 2 + className.length + 4;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC).put(FORMAT).put(kind).putLong(writeId).putLong(expiresAtMillis).putShort((short) tags.length);
        for (int i = 0; i < tags.length; i++) {
            putShortString(out, tagBytes[2 * i]);
            putShortString(out, tagBytes[2 * i + 1]);
            out.putLong(generations[i]);
        }
        if (className != null) {
            putShortString(out, className);
            out.putInt(fingerprints.get(value.getClass()));
        }
        out.put(payload);
        return out.array();
    }

    byte[] tombstone(long writeId, long expiresAtMillis) {
        return ByteBuffer.allocate(3 + 8 + 8 + 2).put(MAGIC).put(FORMAT).put(TOMBSTONE).putLong(writeId)
                .putLong(expiresAtMillis).putShort((short) 0).array();
    }

    /** Decodes {@code raw} for a caller that wants {@code type}; never throws. */
    Decoded decode(byte[] raw, Class<?> type) {
        try {
            ByteBuffer in = ByteBuffer.wrap(raw);
            if (in.get() != MAGIC || in.get() != FORMAT) {
                return Decoded.UNREADABLE;
            }
            byte kind = in.get();
            in.getLong();
            long expiresAt = in.getLong();
            int tagCount = in.getShort();
            EntityTag[] tags = new EntityTag[tagCount];
            long[] generations = new long[tagCount];
            for (int i = 0; i < tagCount; i++) {
                tags[i] = new EntityTag(getShortString(in), getShortString(in));
                generations[i] = in.getLong();
            }
            Object value;
            switch (kind) {
                case STRING -> value = new String(raw, in.position(), in.remaining(), StandardCharsets.UTF_8);
                case NOT_FOUND -> value = TieredCacheManager.NOT_FOUND;
                case TOMBSTONE -> value = null;
                case OBJECT -> {
                    String className = getShortString(in);
                    int fingerprint = in.getInt();
                    Class<?> stored = type.getName().equals(className) ? type : load(className);
                    if (stored == null || !type.isAssignableFrom(stored) || fingerprints.get(stored) != fingerprint) {
                        return Decoded.UNREADABLE;
                    }
                    value = mapper.readValue(raw, in.position(), in.remaining(), stored);
                }
                default -> {
                    return Decoded.UNREADABLE;
                }
            }
            return new Decoded(true, kind, expiresAt, tags, generations, value, raw.length);
        } catch (RuntimeException e) {
            return Decoded.UNREADABLE;
        }
    }

    private Class<?> load(String className) {
        Class<?> known = classes.get(className);
        if (known != null) {
            return known;
        }
        try {
            Class<?> loaded = Class.forName(className, false, classLoader);
            classes.put(className, loaded);
            return loaded;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Changes when the class's stored shape changes: record components or instance fields, with their types. */
    static int fingerprint(Class<?> type) {
        StringBuilder shape = new StringBuilder(type.getName());
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                shape.append(';').append(component.getName()).append(':').append(component.getGenericType().getTypeName());
            }
        } else {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                        shape.append(';').append(field.getName()).append(':').append(field.getGenericType().getTypeName());
                    }
                }
            }
        }
        return shape.toString().hashCode();
    }

    private static void putShortString(ByteBuffer out, byte[] text) {
        out.putShort((short) text.length).put(text);
    }

    private static String getShortString(ByteBuffer in) {
        int length = Short.toUnsignedInt(in.getShort());
        String text = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return text;
    }
}
