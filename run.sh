#!/usr/bin/env bash
# Runs GasLedger: the API on http://127.0.0.1:5080 (change with --urls URL).
# With no GASLEDGER_DB set it starts the embedded default PostgreSQL in .gasledger/ (made on first run, reused after)
# and writes development API keys, one per role, to .gasledger/dev-keys.json.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/embedded-db.sh
gl_require_dotnet

urls="http://127.0.0.1:5080"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --urls) urls="$2"; shift 2 ;;
    --urls=*) urls="${1#--urls=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

if [ -z "${GASLEDGER_DB:-}" ]; then
  gl_embedded_db main "${GASLEDGER_PG_PORT:-55432}"
  cp "$GL_HOME/main.connection-string" "$GL_HOME/connection-string"
  export GASLEDGER_DB="$GL_CONNECTION_STRING"
  export GasLedger__DevKeysDirectory="$GL_HOME"
  gl_log "Embedded database: $(sed 's/Password=[^;]*/Password=…/' "$GL_HOME/connection-string") (full string in .gasledger/connection-string)"
fi

gl_log "Building…"
dotnet build src/Api/GasLedger.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
exec dotnet src/Api/bin/Release/net10.0/GasLedger.Api.dll --urls "$urls" ${args[@]+"${args[@]}"}
