package com.corpastro.backend.business;

import java.time.Instant;

/**
 * One checked row of a business import, typed as it is stored: {@link ImportRows} builds it from a
 * JSON object or a CSV record and refuses, with the row number, any value that does not convert
 * exactly (an owner id of {@code 1e3}, {@code 1.5} or {@code 2^63}, a latitude of {@code "north"}).
 */
record ImportRow(String externalId, long ownerId, String name, Instant foundedAt, double latitude, double longitude) {
}
