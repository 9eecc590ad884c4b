package com.corpastro.performance.admin;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import com.corpastro.performance.error.AppError;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Decides whether a request may use the performance system's admin endpoints (metrics, query
 * statistics, pool state, dashboard data). The application supplies its own bean to plug in its
 * authentication; without one, {@link TokenAdminAccess} compares the bearer token with
 * {@code corp-astro.admin.token}.
 */
@FunctionalInterface
public interface AdminAccess {

    /** Whether {@code request} carries admin credentials. */
    boolean isAdmin(HttpServletRequest request);

    /**
     * The answer for a caller who is not an admin: 401 {@code unauthorized} (with
     * {@code WWW-Authenticate: Bearer}) without a bearer token, 403 {@code admin_required} with one
     * (a user's, or a token nobody has). Every admin path answers with it.
     */
    static AppError refusal(HttpServletRequest request) {
        if (TokenAdminAccess.bearerToken(request) == null) {
            return new AppError(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "This endpoint needs admin credentials (Authorization: Bearer <token>).",
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
        }
        return new AppError(HttpStatus.FORBIDDEN, "admin_required", "This endpoint is for administrators.");
    }
}
