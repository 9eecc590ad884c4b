package com.corpastro.performance.error.testapp;

import java.io.IOException;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.error.AppError;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A small application whose endpoints fail in every way the problem handler must cover. */
@SpringBootApplication
public class ProblemTestApplication {

    record Item(String name, int count) {
    }

    @RestController
    static class ItemController {

        @PostMapping(path = "/items", consumes = MediaType.APPLICATION_JSON_VALUE,
                produces = MediaType.APPLICATION_JSON_VALUE)
        Item create(@RequestBody Item item) {
            return item;
        }

        @GetMapping(path = "/items/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
        Item get(@PathVariable int id) {
            return new Item("item-" + id, id);
        }

        @GetMapping("/search")
        String search(@RequestParam int limit) {
            return "ok " + limit;
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internal detail");
        }

        /** What a JDBC call throws when the pool cannot reach the database. */
        @GetMapping("/db-down")
        String databaseDown() {
            throw new org.springframework.jdbc.CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                    new java.sql.SQLTransientConnectionException("corp-astro - Connection is not available", "08001"));
        }

        /** The server ended the session (PostgreSQL's admin shutdown), untranslated. */
        @GetMapping("/db-shutdown")
        String databaseShutdown() {
            throw new org.springframework.jdbc.UncategorizedSQLException("update", "UPDATE items",
                    new java.sql.SQLException("terminating connection due to administrator command", "57P01"));
        }

        /** A transaction whose rollback failed on the connection the server had just ended. */
        @GetMapping("/db-rollback-failed")
        String rollbackFailed() {
            var failure = new org.springframework.transaction.TransactionSystemException("JDBC rollback failed",
                    new java.sql.SQLException("Connection is closed"));
            failure.initApplicationException(new org.springframework.jdbc.UncategorizedSQLException("insert", null,
                    new java.sql.SQLException("terminating connection due to administrator command", "57P01")));
            throw failure;
        }

        /** A handler that answers an error with a bare status, as Actuator does for an unknown health group. */
        @GetMapping("/bare-404")
        org.springframework.http.ResponseEntity<Void> bareNotFound() {
            return org.springframework.http.ResponseEntity.notFound().build();
        }

        @GetMapping("/conflict")
        String conflict() {
            throw new AppError(HttpStatus.CONFLICT, "item_exists", "Item 7 exists already.");
        }
    }

    /** A filter that fails before any controller is reached. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> failingFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                            FilterChain chain) throws ServletException, IOException {
                        if (request.getRequestURI().equals("/filter-boom")) {
                            throw new IllegalStateException("filter failed");
                        }
                        if (request.getRequestURI().equals("/filter-db-down")) {
                            throw new org.springframework.dao.DataAccessResourceFailureException("no connection");
                        }
                        if (request.getRequestURI().equals("/filter-denied")) {
                            response.sendError(403);
                            return;
                        }
                        chain.doFilter(request, response);
                    }
                });
        registration.setOrder(0);
        return registration;
    }
}
