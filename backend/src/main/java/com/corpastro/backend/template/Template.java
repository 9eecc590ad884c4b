package com.corpastro.backend.template;

import java.time.Instant;

/** A content template: a body with named placeholders such as {@code {business}}. */
public record Template(String key, String body, int version, Instant updatedAt) {
}
