package com.corpastro.backend.account;

/** What a user may do: ADMIN may read every business. */
public enum Role {
    USER, ADMIN
}
