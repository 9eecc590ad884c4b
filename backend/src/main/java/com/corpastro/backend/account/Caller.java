package com.corpastro.backend.account;

import org.springframework.http.HttpStatus;

import com.corpastro.performance.error.AppError;

/**
 * Who is calling: a user (by token), or the operator holding the shared admin token, who is an
 * admin without being a user.
 *
 * @param userId the calling user's id, {@code null} for the shared admin token
 * @param admin  whether the caller may read every user's data
 */
public record Caller(Long userId, boolean admin) {

    /** The calling user's id; the shared admin token is no user, so it gets 403. */
    public long requireUserId() {
        if (userId == null) {
            throw new AppError(HttpStatus.FORBIDDEN, "user_token_required",
                    "This operation acts as a user; call it with a user's API token, not the admin token.");
        }
        return userId;
    }

    /** Nothing, for an admin; 403 problem+json for anybody else. */
    public void requireAdmin() {
        if (!admin) {
            throw new AppError(HttpStatus.FORBIDDEN, "admin_required", "This endpoint is for administrators.");
        }
    }

    /** Whether this caller may see data owned by {@code ownerId}. */
    public boolean canAccess(long ownerId) {
        return admin || (userId != null && userId == ownerId);
    }
}
