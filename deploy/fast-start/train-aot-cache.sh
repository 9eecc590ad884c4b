#!/usr/bin/env bash
# Builds the production layout and its JDK 25 AOT cache (JEP 483/514/515: classes loaded and
# linked, and method profiles, from a training run):
#
#   deploy/fast-start/train-aot-cache.sh backend/target/backend-0.1.0-SNAPSHOT.jar app
#
# 1. Spring Boot's extracted layout (an AOT cache needs a class path of plain jars, not a jar in a jar).
# 2. A training run on an in-memory H2 database that serves the requests a node serves first
#    (health, sign-up, business, content, templates), then stops with SIGTERM: the JVM writes the
#    AOT cache as it exits (-XX:AOTCacheOutput).
# Run the result with: java -XX:AOTCache=app/app.aot -jar app/backend-0.1.0-SNAPSHOT.jar
# (with -Dspring.aot.enabled=true too when the jar was built with -Paot). The cache is only valid
# for the same JDK build and the same jars: train again after every build.
set -euo pipefail
jar=${1:?usage: train-aot-cache.sh BACKEND_JAR DESTINATION [java options...]}
destination=${2:?usage: train-aot-cache.sh BACKEND_JAR DESTINATION [java options...]}
shift 2
rm -rf "$destination"
java -Djarmode=tools -jar "$jar" extract --destination "$destination"
app="$destination/$(basename "$jar")"
port=${PORT:-18081}
token=training-admin-token-0123456789abcdef
CORP_ASTRO_ADMIN_TOKEN=$token \
DATABASE_URL="jdbc:h2:mem:training;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" \
  java -XX:AOTCacheOutput="$destination/app.aot" "$@" -jar "$app" --server.port="$port" \
  --corp-astro.demo.enabled=false --corp-astro.scaling.drain-delay=0s >"$destination/training.log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
  kill -0 "$pid" 2>/dev/null || { echo "training run exited; see $destination/training.log" >&2; exit 1; }
  sleep 0.1
done
base=http://127.0.0.1:$port
for round in 1 2 3; do
  user=$(curl -fs -X POST "$base/api/users" -H 'Content-Type: application/json' \
    -d "{\"email\":\"train-$round-$RANDOM@example.com\",\"name\":\"Training $round\"}")
  user_token=$(sed -E 's/.*"apiToken":"([^"]+)".*/\1/' <<<"$user")
  business=$(curl -fs -X POST "$base/api/businesses" -H "Authorization: Bearer $user_token" \
    -H 'Content-Type: application/json' \
    -d '{"name":"Training Bakery","foundedAt":"2011-06-01T08:00:00Z","latitude":51.5,"longitude":-0.1}')
  id=$(sed -E 's/^\{"id":([0-9]+).*/\1/' <<<"$business")
  for type in daily_horoscope weekly_forecast monthly_outlook; do
    curl -fs -o /dev/null "$base/api/businesses/$id/content/$type" -H "Authorization: Bearer $user_token"
    curl -fs -o /dev/null -H 'Accept-Encoding: br' "$base/api/businesses/$id/content/$type" \
      -H "Authorization: Bearer $user_token"
  done
  curl -fs -o /dev/null "$base/api/templates/daily_horoscope_template"
  curl -fs -o /dev/null "$base/api/system/ping"
  curl -fs -o /dev/null "$base/api/users/me" -H "Authorization: Bearer $user_token"
  curl -fs -o /dev/null "$base/actuator/health/liveness"
  curl -fs -o /dev/null "$base/actuator/prometheus" -H "Authorization: Bearer $token"
  curl -s -o /dev/null "$base/api/businesses/999999" -H "Authorization: Bearer $user_token"
done
kill -TERM "$pid"
wait "$pid" || true
ls -la "$destination/app.aot"
