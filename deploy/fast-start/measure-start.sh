#!/usr/bin/env bash
# Time from process start to the first served request (GET /api/system/ping answered 200), N runs,
# printed one per line and as the median. Everything after the options is the java command:
#
#   deploy/fast-start/measure-start.sh 5 java -jar backend/target/backend-0.1.0-SNAPSHOT.jar
#   deploy/fast-start/measure-start.sh 5 java -XX:AOTCache=app/app.aot -Dspring.aot.enabled=true -jar app/backend.jar
#
# The service runs on an in-memory H2 database (Flyway migrates it at every start, like a first
# start), without demo data, on a free port; each run is stopped with SIGTERM and a zero drain delay.
set -euo pipefail
runs=${1:?usage: measure-start.sh RUNS java ARGS...}
shift
port=${PORT:-18080}
times=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  DATABASE_URL="jdbc:h2:mem:start;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
    "$@" --server.port="$port" --corp-astro.demo.enabled=false --corp-astro.scaling.drain-delay=0s \
    >"/tmp/measure-start-$i.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/api/system/ping"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the service exited; see /tmp/measure-start-$i.log" >&2
      exit 1
    fi
    sleep 0.02
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  kill -TERM "$pid"
  wait "$pid" || true
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}')
echo "median: ${median} ms over $runs runs ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
