#!/usr/bin/env bash
# Builds the load harness and runs it; options go to the harness (--help lists them), e.g.
#   blacksmith-bench/run.sh --mode throughput --events 50000 --jobs-per-event 4 --concurrency 48
#   blacksmith-bench/run.sh --mode latency --rate 1000 --duration 20s
# Set BENCH_SKIP_BUILD=1 to run the jar already built, BENCH_HEAP to change the heap (default 2g),
# BENCH_STORE_URL to measure another store (a postgres:// URL gets a fresh schema per run),
# BENCH_PUBSUB_URL to run the gateway and the scheduler as two instances with wake-ups through a broker,
# BENCH_INSTANCES=N (with a PostgreSQL BENCH_STORE_URL) to run N full instances on one schema, the client
# sending to their gateways in turn.
set -euo pipefail
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl blacksmith-bench -am package -DskipTests
fi
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1)," \
  "$(free -h | awk '/^Mem:/ {print $2}') memory; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
exec "$JAVA_HOME/bin/java" -Xms${BENCH_HEAP:-2g} -Xmx${BENCH_HEAP:-2g} -XX:+UseG1GC \
  --enable-native-access=ALL-UNNAMED \
  -jar blacksmith-bench/target/blacksmith-bench.jar "$@"
