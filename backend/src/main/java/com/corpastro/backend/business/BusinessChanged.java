package com.corpastro.backend.business;

import java.util.List;

/**
 * A business changed: published (as a Spring application event) after every update and for every
 * business an import created, for the real-time streams.
 *
 * @param changed the fields the change set ({@code name}, {@code foundedAt}, ...; {@code created} for a new business)
 */
public record BusinessChanged(long businessId, long ownerId, int revision, List<String> changed) {
}
