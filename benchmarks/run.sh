#!/usr/bin/env bash
# Builds the benchmarks module and runs the whole JMH suite with short settings, then writes
#   benchmarks/results/jmh-result.json  (JMH's JSON result file)
#   benchmarks/results/jmh-results.md   (a markdown table per benchmark class, with ratios, from the JSON)
#
# Usage: benchmarks/run.sh [JMH benchmark regexp ...] [other JMH options, e.g. -p coding=br-5 -prof gc]
# Settings (environment, applied to every benchmark; defaults finish the suite in about 10-15 minutes on 2 cores):
#   BENCH_WARMUP=1 BENCH_WARMUP_TIME=2s   warm-up iterations and their length
#   BENCH_ITERATIONS=3 BENCH_TIME=1s      measurement iterations and their length
#   BENCH_FORKS=1                         JVM forks per benchmark
#   BENCH_SKIP_BUILD=true                 reuse benchmarks/target/benchmarks.jar
#   BENCH_RESULTS=benchmarks/results      where the two files go
# Single-shot benchmarks (BulkInsertBenchmark) run BENCH_WARMUP + BENCH_ITERATIONS shots.
set -euo pipefail
cd "$(dirname "$0")/.."

java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
results="${BENCH_RESULTS:-benchmarks/results}"
jar=benchmarks/target/benchmarks.jar

if [ "${BENCH_SKIP_BUILD:-false}" != true ]; then
    ./mvnw -B -ntp -q -pl benchmarks -am package -DskipTests
fi
mkdir -p "$results"

"$java_cmd" -jar "$jar" \
    -f "${BENCH_FORKS:-1}" \
    -wi "${BENCH_WARMUP:-1}" -w "${BENCH_WARMUP_TIME:-2s}" \
    -i "${BENCH_ITERATIONS:-3}" -r "${BENCH_TIME:-1s}" \
    -rf json -rff "$results/jmh-result.json" \
    "$@"

"$java_cmd" -cp "$jar" com.corpastro.benchmarks.report.MarkdownReport \
    "$results/jmh-result.json" "$results/jmh-results.md"
