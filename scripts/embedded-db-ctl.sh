#!/usr/bin/env bash
# Stops or starts one of the embedded PostgreSQL clusters of .gasledger/ — the database-outage test stops its own
# cluster under load and starts it again:
#
#   scripts/embedded-db-ctl.sh NAME stop            immediate stop, as a crash would
#   scripts/embedded-db-ctl.sh NAME start [k=v …]   start again on its port (postgres -c settings)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/embedded-db.sh
name="$1"; action="$2"; shift 2
case "$action" in
  stop) gl_embedded_stop "$name" ;;
  start) gl_embedded_db "$name" "$(cat "$GL_HOME/$name.port")" "$@" 2>/dev/null ;;
  *) echo "usage: $0 NAME stop|start [settings]" >&2; exit 2 ;;
esac
