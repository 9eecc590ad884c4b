#!/bin/bash
# Bytes the service allocates per cached content read, end to end (Tomcat, filters, response cache):
# starts the jar on its embedded defaults in /tmp/alloc-<label>, reads the demo business's content
# 30,000 times to warm up, then 60,000 times between two forced GCs, and divides the JVM's
# jvm.gc.memory.allocated by the reads, for br and identity.
# usage: loadtest/tools/allocation-per-read.sh <backend jar> <label>
# java and jcmd come from PATH (the JDK to measure).
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=$(realpath "$1"); LABEL=$2; D=/tmp/alloc-$LABEL; rm -rf $D; mkdir -p $D; cd $D
ADMIN=alloc-admin-token-0123456789abcdefghijkl
PORT=$((20000 + RANDOM % 10000))
L=1000000000
ARGS="--server.port=$PORT"
for t in auth content api public admin graphql; do ARGS="$ARGS --corp-astro.http.endpoint-types.$t.limit=$L"; done
CORP_ASTRO_ADMIN_TOKEN=$ADMIN java -Xmx1g -XX:+UseG1GC -jar $JAR $ARGS --corp-astro.auth.token-lookups-per-minute=$L > service.log 2>&1 &
PID=$!
for i in $(seq 120); do curl -s -o /dev/null localhost:$PORT/api/health && break; sleep 1; done
B=http://localhost:$PORT
TOKEN=$(cat data/demo-token)
P=/api/businesses/1/content/daily_horoscope?date=2026-06-15
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$B$P"
for coding in br identity; do
  java "$HERE/AllocationPerRead.java" $B "$P" $TOKEN $ADMIN $coding 30000 60000 $PID | sed "s/^/$LABEL /"
done
kill $PID; wait $PID 2>/dev/null || true
