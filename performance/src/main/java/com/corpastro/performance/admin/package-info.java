/**
 * Who is an administrator of the performance system's endpoints.
 *
 * <p>API: {@link com.corpastro.performance.admin.AdminAccess} (replace the bean to decide
 * otherwise) and {@link com.corpastro.performance.admin.TokenAdminAccess} (a bearer token,
 * {@code corp-astro.admin.token}). Configuration: {@code AdminAccessAutoConfiguration},
 * {@code AdminProperties}.
 */
package com.corpastro.performance.admin;
