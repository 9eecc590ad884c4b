package com.corpastro.backend.admin;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.backend.account.Caller;
import com.corpastro.performance.db.DbPool;
import com.corpastro.performance.db.PoolSnapshot;
import com.corpastro.performance.db.QueryAnalyzer;
import com.corpastro.performance.db.QueryStatistics;
import com.corpastro.performance.error.AppError;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** What the database layer sees: the costliest statement shapes and the connection pool. */
@RestController
class DatabaseAdminController {

    private final ObjectProvider<QueryAnalyzer> analyzer;
    private final ObjectProvider<DbPool> pool;

    DatabaseAdminController(ObjectProvider<QueryAnalyzer> analyzer, ObjectProvider<DbPool> pool) {
        this.analyzer = analyzer;
        this.pool = pool;
    }

    @GetMapping("/api/admin/db/queries")
    QueryStatistics queries(@Parameter(hidden = true) Caller caller,
            @RequestParam(defaultValue = "20") @Min(1) @Max(500) int limit) {
        caller.requireAdmin();
        return available(analyzer.getIfAvailable(), "query analysis (corp-astro.db.analyzer.enabled)").statistics(limit);
    }

    @GetMapping("/api/admin/db/pool")
    PoolSnapshot pool(@Parameter(hidden = true) Caller caller) {
        caller.requireAdmin();
        return available(pool.getIfAvailable(), "pool statistics (a HikariCP data source)").snapshot();
    }

    private static <T> T available(T component, String what) {
        if (component == null) {
            throw new AppError(HttpStatus.NOT_FOUND, "feature_disabled", "This service runs without " + what + ".");
        }
        return component;
    }
}
