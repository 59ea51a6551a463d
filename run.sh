#!/usr/bin/env bash
# Runs GasLedger: the API on http://127.0.0.1:5080 (change with --urls URL).
# With no GASLEDGER_DB set it starts the embedded default PostgreSQL in .gasledger/ (made on first run, reused after)
# and writes development API keys, one per role, to .gasledger/dev-keys.json.
# --demo: on first start, loads a small synthetic city (3,000 accounts, five years to yesterday; GASLEDGER_DEMO_ACCOUNTS
# to change) so there is something to look at; later starts find it there and skip this.
# --cluster: GasLedger on several nodes on this machine (docs/cluster.md): a PostgreSQL primary with a synchronous
# standby under pg_auto_failover (.gasledger/cluster), three API nodes on 127.0.0.1:5081–5083 and HAProxy on 5080 in
# front of them; Ctrl+C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/embedded-db.sh
gl_require_dotnet

urls="http://127.0.0.1:5080"
demo=false
cluster=false
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --urls) urls="$2"; shift 2 ;;
    --urls=*) urls="${1#--urls=}"; shift ;;
    --demo) demo=true; shift ;;
    --cluster) cluster=true; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ "$cluster" = true ]; then
  exec scripts/run-cluster.sh "$urls"
fi

if [ -z "${GASLEDGER_DB:-}" ]; then
  gl_embedded_db main "${GASLEDGER_PG_PORT:-55432}"
  cp "$GL_HOME/main.connection-string" "$GL_HOME/connection-string"
  export GASLEDGER_DB="$GL_CONNECTION_STRING"
  export GasLedger__DevKeysDirectory="$GL_HOME"
  gl_log "Embedded database: $(sed 's/Password=[^;]*/Password=…/' "$GL_HOME/connection-string") (full string in .gasledger/connection-string)"
fi

gl_log "Building…"
dotnet build src/Api/GasLedger.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
if [ "$demo" = true ]; then
  set +e
  dotnet src/Api/bin/Release/net10.0/GasLedger.Api.dll city demo --accounts "${GASLEDGER_DEMO_ACCOUNTS:-3000}" 2>&1 \
    | tee "$GL_HOME/demo.log" | grep --line-buffered -E '^\[' 
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" = 0 ] || { gl_log "Loading the demo city failed (exit $status); its output is in .gasledger/demo.log:"; tail -n 20 "$GL_HOME/demo.log" >&2; exit 1; }
fi
exec dotnet src/Api/bin/Release/net10.0/GasLedger.Api.dll --urls "$urls" ${args[@]+"${args[@]}"}
