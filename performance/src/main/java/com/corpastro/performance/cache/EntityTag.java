package com.corpastro.performance.cache;

import java.util.Objects;

/**
 * Names the entity a cache entry was built from, e.g. {@code business:7}.
 *
 * @param type the entity type, e.g. {@code business}
 * @param id   the entity id, as text
 */
public record EntityTag(String type, String id) {

    public EntityTag {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("entity type must not be blank, was '" + type + "'");
        }
        Objects.requireNonNull(id, "entity id must not be null");
    }

    /** A tag for {@code type} and the text form of {@code id}. */
    public static EntityTag of(String type, Object id) {
        return new EntityTag(type, String.valueOf(id));
    }

    @Override
    public String toString() {
        return type + ":" + id;
    }
}
