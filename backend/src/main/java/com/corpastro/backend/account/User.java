package com.corpastro.backend.account;

/** A registered user; the API token is never kept, only its SHA-256 hash in the database. */
public record User(long id, String email, String name, Role role) {
}
