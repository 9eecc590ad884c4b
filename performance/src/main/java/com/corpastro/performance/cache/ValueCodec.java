package com.corpastro.performance.cache;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonFormat;

import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.type.TypeFactory;
import tools.jackson.dataformat.smile.SmileMapper;
import tools.jackson.dataformat.smile.SmileWriteFeature;

/**
 * The versioned binary form of an L2 entry.
 *
 * <pre>
 * 0xCA, format 1, kind ('V' object, 'G' generic object, 'S' string, 'N' not found, 'T' tombstone),
 * write id (8), expires-at epoch millis (8), tag count (2), per tag: type, id (2-byte length + UTF-8)
 * and generation (8); for 'V': class name (2 + UTF-8), class fingerprint (4), Smile payload; for 'G':
 * Jackson's canonical type ({@code java.util.List<com.example.Business>}, 2 + UTF-8), the
 * fingerprint of every class in it (4), Smile payload; for 'S': the UTF-8 text.
 * </pre>
 *
 * A value written under a generic {@link TypeRef} keeps that type; a collection, map or
 * {@code Optional} written without one gets the type its contents show (the class all its elements
 * share, else {@code Object}), so a {@code List<Business>} stored through {@code Object} still
 * reads back as one. Anything else (another magic byte or format, a class that no longer exists or
 * whose fields changed, a stored type the caller's type cannot take, a payload Jackson cannot read)
 * decodes as {@link Decoded#UNREADABLE}: a miss that the next load overwrites.
 */
final class ValueCodec {

    static final byte MAGIC = (byte) 0xCA;
    static final byte FORMAT = 1;
    static final byte OBJECT = 'V';
    static final byte GENERIC = 'G';
    /** How deep the type of nested containers is worked out from their contents. */
    private static final int INFERRED_DEPTH = 4;
    private static final JavaType UNKNOWN = TypeFactory.unknownType();
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
            // Bytes as they are, not in Smile's 7-bit form (8 bytes for 7): a stored response, made mostly of its
            // bodies, is 12% smaller in Redis and on the wire. Entries in the 7-bit form still read.
            .disable(SmileWriteFeature.ENCODE_BINARY_AS_7BIT)
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
    /** Stored canonical type names, parsed, with their fingerprints. */
    private final ConcurrentHashMap<String, Generic> storedTypes = new ConcurrentHashMap<>();
    /** The Jackson type of each generic type callers asked for. */
    private final ConcurrentHashMap<java.lang.reflect.Type, JavaType> requestedTypes = new ConcurrentHashMap<>();

    ValueCodec(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** A parsed generic type and the fingerprint of the classes in it. */
    private record Generic(JavaType type, int fingerprint) {
    }

    /** A decoded entry: {@code value} is {@link TieredCacheManager#NOT_FOUND} for a cached "not found". */
    record Decoded(boolean readable, byte kind, long expiresAtMillis, EntityTag[] tags, long[] generations,
            Object value, int size) {

        static final Decoded UNREADABLE = new Decoded(false, (byte) 0, 0, new EntityTag[0], new long[0], null, 0);
    }

    /** The Redis form of {@code value}, stored without a type. */
    byte[] encode(Object value, EntityTag[] tags, long[] generations, long writeId, long expiresAtMillis) {
        return encode(value, null, tags, generations, writeId, expiresAtMillis);
    }

    /**
     * The Redis form of {@code value}; {@code type} (may be {@code null}) is the type it was stored
     * under, kept when generic.
     */
    byte[] encode(Object value, TypeRef<?> type, EntityTag[] tags, long[] generations, long writeId,
            long expiresAtMillis) {
        return frame(payload(value, type), tags, generations, writeId, expiresAtMillis);
    }

    /**
     * The part of an entry that depends on the value alone: its kind, stored type and serialized
     * bytes. One payload can be {@link #frame framed} for several entries of the same value.
     */
    record Payload(byte kind, byte[] className, int fingerprint, byte[] bytes) {
    }

    /** The {@link Payload} of {@code value} stored under {@code type} (may be {@code null}). */
    Payload payload(Object value, TypeRef<?> type) {
        if (value == TieredCacheManager.NOT_FOUND) {
            return new Payload(NOT_FOUND, null, 0, new byte[0]);
        }
        if (value instanceof String text) {
            return new Payload(STRING, null, 0, text.getBytes(StandardCharsets.UTF_8));
        }
        JavaType generic = type != null && type.isGeneric() && type.rawClass().isInstance(value)
                ? requested(type) : inferred(value, 0);
        if (generic == null) {
            return new Payload(OBJECT, value.getClass().getName().getBytes(StandardCharsets.UTF_8),
                    fingerprints.get(value.getClass()), mapper.writeValueAsBytes(value));
        }
        String canonical = generic.toCanonical();
        return new Payload(GENERIC, canonical.getBytes(StandardCharsets.UTF_8), stored(canonical).fingerprint(),
                mapper.writerFor(generic).writeValueAsBytes(value));
    }

    /** An entry of {@code payload}: the header (write id, expiry, tags and their generations), then the payload. */
    byte[] frame(Payload payload, EntityTag[] tags, long[] generations, long writeId, long expiresAtMillis) {
        byte[] className = payload.className();
        byte[][] tagBytes = new byte[tags.length * 2][];
        int size = 3 + 8 + 8 + 2 + payload.bytes().length;
        for (int i = 0; i < tags.length; i++) {
            tagBytes[2 * i] = tags[i].type().getBytes(StandardCharsets.UTF_8);
            tagBytes[2 * i + 1] = tags[i].id().getBytes(StandardCharsets.UTF_8);
            size += 2 + tagBytes[2 * i].length + 2 + tagBytes[2 * i + 1].length + 8;
        }
        if (className != null) {
            size += 2 + className.length + 4;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC).put(FORMAT).put(payload.kind()).putLong(writeId).putLong(expiresAtMillis)
                .putShort((short) tags.length);
        for (int i = 0; i < tags.length; i++) {
            putShortString(out, tagBytes[2 * i]);
            putShortString(out, tagBytes[2 * i + 1]);
            out.putLong(generations[i]);
        }
        if (className != null) {
            putShortString(out, className);
            out.putInt(payload.fingerprint());
        }
        out.put(payload.bytes());
        return out.array();
    }

    byte[] tombstone(long writeId, long expiresAtMillis) {
        return ByteBuffer.allocate(3 + 8 + 8 + 2).put(MAGIC).put(FORMAT).put(TOMBSTONE).putLong(writeId)
                .putLong(expiresAtMillis).putShort((short) 0).array();
    }

    /** Decodes {@code raw} for a caller that wants {@code type}; never throws. */
    Decoded decode(byte[] raw, Class<?> type) {
        return decode(raw, TypeRef.of(type));
    }

    /** Decodes {@code raw} for a caller that wants {@code ref}; never throws. */
    Decoded decode(byte[] raw, TypeRef<?> ref) {
        Class<?> type = ref.rawClass();
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
                    value = ref.isGeneric() && stored == ref.rawClass()
                            ? mapper.readValue(raw, in.position(), in.remaining(), requested(ref))
                            : mapper.readValue(raw, in.position(), in.remaining(), stored);
                }
                case GENERIC -> {
                    Generic stored = stored(getShortString(in));
                    if (in.getInt() != stored.fingerprint() || !type.isAssignableFrom(stored.type().getRawClass())) {
                        return Decoded.UNREADABLE;
                    }
                    JavaType readAs = stored.type();
                    if (ref.isGeneric()) {
                        JavaType wanted = requested(ref);
                        if (!compatible(wanted, stored.type())) {
                            return Decoded.UNREADABLE;
                        }
                        readAs = wanted;
                    }
                    value = mapper.readValue(raw, in.position(), in.remaining(), readAs);
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

    /**
     * Whether a value stored as {@code stored} can be read as {@code wanted}: the same class or a
     * subclass, and each type argument the same, or {@code Object} on either side (an empty or mixed
     * collection stored without a type says {@code Object}).
     */
    private static boolean compatible(JavaType wanted, JavaType stored) {
        if (wanted.getRawClass() == Object.class || stored.getRawClass() == Object.class) {
            return true;
        }
        if (!wanted.getRawClass().isAssignableFrom(stored.getRawClass())) {
            return false;
        }
        if (wanted.containedTypeCount() != stored.containedTypeCount()) {
            return wanted.containedTypeCount() == 0;
        }
        for (int i = 0; i < wanted.containedTypeCount(); i++) {
            if (!compatible(wanted.containedType(i), stored.containedType(i))) {
                return false;
            }
        }
        return true;
    }

    /** The Jackson type of a generic ref. */
    private JavaType requested(TypeRef<?> ref) {
        JavaType known = requestedTypes.get(ref.type());
        if (known != null) {
            return known;
        }
        JavaType type = mapper.getTypeFactory().constructType(ref.type());
        requestedTypes.put(ref.type(), type);
        return type;
    }

    /** A stored canonical type, parsed (classes from the codec's class loader) and fingerprinted. */
    private Generic stored(String canonical) {
        Generic known = storedTypes.get(canonical);
        if (known != null) {
            return known;
        }
        JavaType type = mapper.getTypeFactory().withClassLoader(classLoader).constructFromCanonical(canonical);
        Generic generic = new Generic(type, fingerprint(type));
        if (storedTypes.size() < 10_000) {
            storedTypes.put(canonical, generic);
        }
        return generic;
    }

    /** Combines the fingerprints of every class in {@code type}. */
    private int fingerprint(JavaType type) {
        int combined = fingerprints.get(type.getRawClass());
        for (int i = 0; i < type.containedTypeCount(); i++) {
            combined = 31 * combined + fingerprint(type.containedType(i));
        }
        return combined;
    }

    /**
     * The type the contents of a collection, map or {@code Optional} show, or {@code null} for any
     * other value (it is stored under its class).
     */
    private JavaType inferred(Object value, int depth) {
        var types = mapper.getTypeFactory();
        if (value instanceof Optional<?> optional) {
            return types.constructParametricType(Optional.class, contentType(optional.stream().iterator(), depth));
        }
        if (value instanceof Map<?, ?> map) {
            return types.constructParametricType(Map.class, contentType(map.keySet().iterator(), depth),
                    contentType(map.values().iterator(), depth));
        }
        if (value instanceof Collection<?> collection) {
            Class<?> container = value instanceof List<?> ? List.class : value instanceof Set<?> ? Set.class
                    : Collection.class;
            return types.constructParametricType(container, contentType(collection.iterator(), depth));
        }
        return null;
    }

    /** The type every element shares: one class, or one container type; {@code Object} otherwise. */
    private JavaType contentType(Iterator<?> elements, int depth) {
        Class<?> shared = null;
        Object first = null;
        while (elements.hasNext()) {
            Object element = elements.next();
            if (element == null) {
                continue;
            }
            if (shared == null) {
                shared = element.getClass();
                first = element;
            } else if (element.getClass() != shared) {
                return UNKNOWN;
            }
        }
        if (shared == null) {
            return UNKNOWN;
        }
        if (first instanceof Optional<?> || first instanceof Map<?, ?> || first instanceof Collection<?>) {
            // Nested containers: the first one's contents stand for all (deep enough for any real result).
            JavaType nested = depth < INFERRED_DEPTH ? inferred(first, depth + 1) : null;
            return nested != null ? nested : UNKNOWN;
        }
        return mapper.getTypeFactory().constructType(shared);
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
