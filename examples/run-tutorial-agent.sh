#!/usr/bin/env bash
# The tutorial's server timed by the JCounters agent instead of the shortcuts: run-tutorial.sh with
# TIMING=agent (see there).
#
#   examples/run-tutorial-agent.sh      # PORT, REPORT, TRAFFIC_SECONDS, PERIOD_SECONDS may be set
TIMING=agent exec "$(dirname "$0")/run-tutorial.sh"
