package com.corpastro.backend.content;

import java.util.Arrays;

/** Which generator wrote a content text. */
public enum ContentSource {
    /** The built-in generator, from the period's sky and the content type's template. */
    BUILTIN("builtin"),
    /** The external generator at {@code CONTENT_GENERATOR_URL}. */
    EXTERNAL("external");

    private final String key;

    ContentSource(String key) {
        this.key = key;
    }

    /** The name stored in the database and sent in JSON. */
    public String key() {
        return key;
    }

    static ContentSource fromKey(String key) {
        return Arrays.stream(values()).filter(source -> source.key.equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown content source '" + key + "'"));
    }
}
