package com.corpastro.backend.business;

/**
 * One row of a business import as it arrived, before validation: JSON gives numbers and
 * strings, CSV gives strings, so every field is checked and converted with its row number.
 */
record ImportRow(Object externalId, Object ownerId, Object name, Object foundedAt, Object latitude, Object longitude) {
}
