package com.corpastro.performance.cache;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;

/**
 * The full type of a cached value, generics included, so that a value read back from Redis (on
 * another node, or after L1 dropped it) is a {@code List<Business>} again rather than a list of maps.
 * Make one with an anonymous subclass and keep it in a constant:
 *
 * <pre>{@code
 * static final TypeRef<List<Business>> BUSINESSES = new TypeRef<>() {};
 * List<Business> page = cache.getOrSet("business-list:42", BUSINESSES, ttl, tags, () -> repository.page(42));
 * }</pre>
 *
 * A value in the cache that cannot be read as the requested type is a miss, never a
 * {@code ClassCastException}. Two refs are equal when their types are.
 *
 * @param <T> the type of the value
 */
public abstract class TypeRef<T> {

    private static final ClassValue<TypeRef<?>> PLAIN = new ClassValue<>() {
        @Override
        protected TypeRef<?> computeValue(Class<?> type) {
            return new Plain<>(type);
        }
    };

    private final Type type;
    private final Class<? super T> rawClass;

    /** Captures the type argument of the anonymous subclass, {@code new TypeRef<List<Business>>() {}}. */
    @SuppressWarnings("unchecked")
    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("TypeRef must be created with a type argument, was " + superclass);
        }
        this.type = parameterized.getActualTypeArguments()[0];
        this.rawClass = (Class<? super T>) raw(type);
    }

    private TypeRef(Class<T> type) {
        this.type = type;
        this.rawClass = type;
    }

    /** The ref of a plain class; the same instance on every call. */
    @SuppressWarnings("unchecked")
    public static <T> TypeRef<T> of(Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        return (TypeRef<T>) PLAIN.get(type);
    }

    /** The type, e.g. {@code java.util.List<com.example.Business>}. */
    public final Type type() {
        return type;
    }

    /** The class a value of this type is an instance of, e.g. {@code List}. */
    public final Class<? super T> rawClass() {
        return rawClass;
    }

    /** Whether the type has type arguments (or is a generic array): then its class alone does not say it. */
    public final boolean isGeneric() {
        return !(type instanceof Class<?>);
    }

    /** {@code value} as a {@code T}, for a caller that checked it is an instance of {@link #rawClass()}. */
    @SuppressWarnings("unchecked")
    final T cast(Object value) {
        return (T) rawClass.cast(value);
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof TypeRef<?> ref && type.equals(ref.type);
    }

    @Override
    public final int hashCode() {
        return type.hashCode();
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType a) {
            return java.lang.reflect.Array.newInstance(raw(a.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            throw new IllegalArgumentException("TypeRef needs a concrete type, was " + type.getTypeName());
        }
        throw new IllegalArgumentException("unsupported type " + type.getTypeName());
    }

    private static final class Plain<T> extends TypeRef<T> {

        Plain(Class<T> type) {
            super(type);
        }
    }
}
