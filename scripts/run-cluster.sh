#!/usr/bin/env bash
# ./run.sh --cluster: the database cluster (pg_auto_failover: monitor, primary, synchronous standby), three API nodes
# and HAProxy, all on 127.0.0.1; prints the addresses and stops everything it started on Ctrl+C. docs/cluster.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/cluster.sh
gl_require_dotnet
urls="${1:-http://127.0.0.1:5080}"
front="${urls##*:}"; front="${front%%/*}"
api_ports=(5081 5082 5083)

stop_all() {
  trap - INT TERM EXIT
  gl_log "Stopping the cluster…"
  gl_cluster_stop
  exit 0
}
trap stop_all INT TERM EXIT

gl_cluster_db
export GasLedger__DevKeysDirectory="$GL_HOME"
gl_log "Building…"
dotnet build src/Api/GasLedger.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
# The first node makes the schema and the development keys; the others start once it is ready.
for i in "${!api_ports[@]}"; do
  gl_log "Starting API node $((i + 1)) on 127.0.0.1:${api_ports[$i]}…"
  gl_cluster_api $((i + 1)) "${api_ports[$i]}"
  if [ "$i" = 0 ]; then
    gl_cluster_wait_ready "${api_ports[0]}" 180 || { gl_log "API node 1 did not become ready:"; tail -n 30 "$GL_HOME/cluster-api1.log" >&2; exit 1; }
  fi
done
for i in "${!api_ports[@]}"; do
  gl_cluster_wait_ready "${api_ports[$i]}" 180 || { gl_log "API node $((i + 1)) did not become ready:"; tail -n 30 "$GL_HOME/cluster-api$((i + 1)).log" >&2; exit 1; }
done
gl_cluster_balancer "$front" "${api_ports[@]}"

cat <<TEXT

GasLedger is running as a cluster
  API and workbench (HAProxy):  http://127.0.0.1:$front/
  API nodes:                    $(printf 'http://127.0.0.1:%s/ ' "${api_ports[@]}")
  metrics (each node):          http://127.0.0.1:${api_ports[0]}/metrics
  database (pg_auto_failover):  $(sed 's/Password=[^;]*/Password=…/' "$GL_HOME/cluster.connection-string")
  dev API keys:                 $GL_HOME/dev-keys.json
  logs:                         $GL_HOME/cluster-api*.log, $GL_HOME/cluster-haproxy.log, $(gl_cluster_home)/*.log
Ctrl+C stops it all.

TEXT
gl_cluster_state
wait
