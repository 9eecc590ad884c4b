package com.corpastro.performance.admin;

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
}
