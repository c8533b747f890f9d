#!/usr/bin/env bash
# The PyCounters tutorial in Java, end to end: builds the examples jar, starts the instrumented
# upper-casing server, drives it with the client for a few seconds, then shows the JSON report and
# the Munin plugin's config and data answers.
#
# TIMING=agent runs the same server timed by the JCounters agent instead of the shortcuts: with
# --timing agent (no Shortcuts.time/frequency around a request) and
# -javaagent:agent/target/jcounters-agent.jar=examples/patches.json, which times TutorialServer.respond
# as requests_time and requests_frequency. The report has the same keys.
#
#   examples/run-tutorial.sh            # PORT, REPORT, TRAFFIC_SECONDS, PERIOD_SECONDS, TIMING may be set
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-9999}"
REPORT="${REPORT:-/tmp/server.counters.json}"
TRAFFIC_SECONDS="${TRAFFIC_SECONDS:-5}"
PERIOD_SECONDS="${PERIOD_SECONDS:-1}"
TIMING="${TIMING:-shortcuts}"
JAR=examples/target/jcounters-examples.jar
AGENT=agent/target/jcounters-agent.jar
GRAPHS=examples/munin-graphs.json

modules=examples; agent_args=()
if [ "$TIMING" = agent ]; then
  modules=examples,agent; agent_args=("-javaagent:$AGENT=examples/patches.json")
fi
echo "== building $modules"
mvn -B -q -Dmaven.test.skip=true -Dmaven.javadoc.skip -Dmaven.source.skip -pl "$modules" -am package

rm -f "$REPORT"
echo "== starting the server (timing: $TIMING) on localhost:$PORT, report $REPORT every ${PERIOD_SECONDS}s"
java "${agent_args[@]}" -jar "$JAR" server --timing "$TIMING" --port "$PORT" --report "$REPORT" --period "$PERIOD_SECONDS" &
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
echo
echo "== munin plugin: config"
java -jar "$JAR" munin "$REPORT" "$GRAPHS" config
echo "== munin plugin: data"
java -jar "$JAR" munin "$REPORT" "$GRAPHS"
