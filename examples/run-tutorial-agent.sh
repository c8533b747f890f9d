#!/usr/bin/env bash
# The tutorial's server timed by the JCounters agent instead of the shortcuts: the same server run
# with --timing agent (no Shortcuts.time/frequency around a request) and
# -javaagent:agent/target/jcounters-agent.jar=examples/patches.json, which times TutorialServer.respond
# as requests_time and requests_frequency. The report has the same keys as run-tutorial.sh's.
#
#   examples/run-tutorial-agent.sh      # PORT, REPORT, TRAFFIC_SECONDS, PERIOD_SECONDS may be set
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-9999}"
REPORT="${REPORT:-/tmp/server.counters.json}"
TRAFFIC_SECONDS="${TRAFFIC_SECONDS:-5}"
PERIOD_SECONDS="${PERIOD_SECONDS:-1}"
JAR=examples/target/jcounters-examples.jar
AGENT=agent/target/jcounters-agent.jar

echo "== building $JAR and $AGENT"
mvn -B -q -Dmaven.test.skip=true -Dmaven.javadoc.skip -Dmaven.source.skip -pl examples,agent -am package

rm -f "$REPORT"
echo "== starting the server with the agent on localhost:$PORT, report $REPORT every ${PERIOD_SECONDS}s"
java "-javaagent:$AGENT=examples/patches.json" -jar "$JAR" server --timing agent \
  --port "$PORT" --report "$REPORT" --period "$PERIOD_SECONDS" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT

echo "== driving it with the client for ${TRAFFIC_SECONDS}s"
java -jar "$JAR" client --port "$PORT" --seconds "$TRAFFIC_SECONDS"

# SIGTERM runs the server's shutdown hook: it stops reporting with one final report.
kill -TERM "$SERVER"
wait "$SERVER" || true
trap - EXIT

echo
echo "== $REPORT"
if command -v python3 >/dev/null 2>&1; then python3 -m json.tool "$REPORT"; else cat "$REPORT"; fi
