package com.corpastro.performance.scaling;

import com.corpastro.performance.db.PoolSnapshot;

/** The application's connection pool now, for the pool signal. */
@FunctionalInterface
interface PoolSource {

    /** The pool now, or {@code null} when there is none (yet). */
    PoolSnapshot snapshot();
}
