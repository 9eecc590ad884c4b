package com.corpastro.performance.monitor;

/** Where an aggregation reads from. */
public enum MetricSource {
    /** Raw points while the range lies within the raw window, per-minute rollups otherwise. */
    AUTO,
    /** This node's raw in-memory points: exact, any interval, only the recent window. */
    RAW,
    /** Per-minute rollups of every node, persisted: intervals in whole minutes, any age. */
    ROLLUP
}
